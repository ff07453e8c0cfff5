"""The guide as behaviour: question sets, checks on the user's own wording, drafts, reports."""
