"""HELD-OUT labelled examples for the coach's check. Written before the rules were
broadened in issue 15, and never used to tune them: ``bench/check.py`` reports recall and
false alarms on this set, and the README quotes those figures. Do not edit these to make
the rules pass; add new cases to ``tests/data/check_tuning.py`` instead.

Each row: (text, contact level or None, kind, the rule ids it should trip).
"""

from __future__ import annotations

Q, D = "question", "draft"

HELD_OUT: list[tuple[str, str | None, str, set[str]]] = [
    # -- job and referral asks ------------------------------------------------------------
    ("Is there any chance your group has room for one more analyst?", None, Q, {"job-ask"}),
    (
        "Would you be able to refer me internally for the data engineer posting?",
        None,
        Q,
        {"job-ask"},
    ),
    (
        "Could you flag my application to whoever is hiring for the design role?",
        None,
        Q,
        {"job-ask"},
    ),
    (
        "I saw the product manager listing on your site, could you get me an interview?",
        None,
        Q,
        {"job-ask"},
    ),
    ("Any chance you could recommend me for the associate position?", None, Q, {"job-ask"}),
    ("Are you guys looking for people right now?", None, Q, {"job-ask"}),
    ("Do you have any vacancies coming up in the spring?", None, Q, {"job-ask"}),
    ("I'd be grateful if you could forward my details to your HR team.", None, Q, {"job-ask"}),
    ("Could I work for you this summer?", None, Q, {"job-ask"}),
    ("Would your firm sponsor a visa for me if I applied?", None, Q, {"job-ask"}),
    ("How do I get hired at your company?", None, Q, {"job-ask"}),
    ("Can you tell the recruiter about me?", None, Q, {"job-ask"}),
    ("Would you vouch for me if I apply to the analyst opening?", None, Q, {"job-ask"}),
    (
        "I'm hoping to land a spot on your team, what do you think my chances are?",
        None,
        Q,
        {"job-ask"},
    ),
    ("Is the junior copywriter job still open?", None, Q, {"job-ask"}),
    # -- resume / portfolio / CV offers ---------------------------------------------------
    ("Shall I email you my CV before we meet?", None, Q, {"resume"}),
    ("I'll bring my portfolio along so you can see my work.", None, Q, {"resume"}),
    ("Can I share my LinkedIn profile and resume with you ahead of our chat?", None, Q, {"resume"}),
    ("Would you give me feedback on my cover letter?", None, Q, {"resume"}),
    ("Here is a link to my portfolio if you want to have a look.", None, Q, {"resume"}),
    ("Please find my CV enclosed for your reference.", None, Q, {"resume"}),
    ("Could you critique my work samples?", None, Q, {"resume"}),
    ("I've put my résumé below in case it helps.", None, Q, {"resume"}),
    # -- company-confidential ---------------------------------------------------------------
    ("Which clients bring in the most money for your agency?", None, Q, {"confidential"}),
    ("What deals is your team negotiating right now?", None, Q, {"confidential"}),
    ("Is the merger with Northwind going ahead?", None, Q, {"confidential"}),
    ("How do you set the price for your enterprise contracts?", "mid", Q, {"confidential"}),
    ("What's your department's budget for next year?", "senior", Q, {"confidential"}),
    ("What new products are you launching that haven't been announced?", None, Q, {"confidential"}),
    (
        "How many people is the company planning to hire next quarter?",
        "senior",
        Q,
        {"confidential"},
    ),
    ("What kind of markup do you put on the consulting hours?", None, Q, {"confidential"}),
    ("Who are you acquiring next?", None, Q, {"confidential"}),
    (
        "How much do your customers pay for the premium tier under their contracts?",
        None,
        Q,
        {"confidential"},
    ),
    ("Are there layoffs planned for your division?", None, Q, {"confidential"}),
    ("What's the recipe behind your best-selling sauce?", None, Q, {"confidential"}),
    # -- personal pay and finances ----------------------------------------------------------
    ("What kind of money are you on these days?", None, Q, {"personal-pay"}),
    ("Do you mind me asking your salary?", None, Q, {"personal-pay"}),
    ("How big was your bonus last year?", None, Q, {"personal-pay"}),
    ("Roughly what do you take home each month?", None, Q, {"personal-pay"}),
    ("What were you paid when you started there?", None, Q, {"personal-pay"}),
    ("How much equity did they give you?", None, Q, {"personal-pay"}),
    ("How much is your mortgage?", None, Q, {"personal-pay"}),
    ("What's your income like now compared to before?", None, Q, {"personal-pay"}),
    # -- level fit --------------------------------------------------------------------------
    ("How is the firm doing financially this year?", "junior", Q, {"too-junior-for-finances"}),
    (
        "What's leadership's plan for growing market share?",
        "junior",
        Q,
        {"too-junior-for-finances"},
    ),
    ("How does the board decide where to invest?", "junior", Q, {"too-junior-for-finances"}),
    ("What was your first week like as a new hire here?", "executive", Q, set()),
    (
        "What do interns on your team actually do all day?",
        "executive",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    ("How much overtime do the new analysts work?", "senior", Q, {"too-senior-for-junior-detail"}),
    # -- yes/no -----------------------------------------------------------------------------
    ("Do you travel much for work?", None, Q, {"yes-no"}),
    ("Is remote work common in your field?", None, Q, {"yes-no"}),
    ("Was it difficult to switch from law?", None, Q, {"yes-no"}),
    ("Have you enjoyed working in consulting?", None, Q, {"yes-no"}),
    ("Does your role involve much coding?", None, Q, {"yes-no"}),
    ("Can someone without a degree do this job?", None, Q, {"yes-no"}),
    ("Are you glad you made the move?", None, Q, {"yes-no"}),
    # -- email as the medium ----------------------------------------------------------------
    (
        "If it's easier, I could just send my questions and you reply whenever.",
        None,
        Q,
        {"email-medium"},
    ),
    ("Would you prefer to answer over email rather than meet?", None, Q, {"email-medium"}),
    ("Maybe we could do a quick email Q&A instead of a call?", None, Q, {"email-medium"}),
    # -- clean questions: the field, the future, their path ---------------------------------
    ("Where do you see this field heading over the next ten years?", None, Q, set()),
    ("How did you find your way into landscape architecture?", None, Q, set()),
    ("What do you wish someone had told you when you started?", None, Q, set()),
    ("What changes in the industry worry or excite you most?", None, Q, set()),
    ("How do people in your role usually grow into leadership?", "senior", Q, set()),
    ("What skills will matter most in this work five years from now?", None, Q, set()),
    ("What does a good week look like for you?", "junior", Q, set()),
    ("Which parts of the job drain you, and which energise you?", None, Q, set()),
    ("How did your background in teaching help you in sales?", None, Q, set()),
    ("What would you read or study if you were starting from scratch?", None, Q, set()),
    ("Who else do you think I should talk to?", None, Q, set()),
    ("What surprised you most about moving into management?", "executive", Q, set()),
    ("How do teams here decide what to work on?", "mid", Q, set()),
    ("What does success look like in your first year in this kind of role?", "mid", Q, set()),
    ("How do people usually find jobs in this field?", None, Q, set()),
    ("What makes a portfolio stand out to people in your field?", None, Q, set()),
    ("How is the work different at a startup versus a big company?", None, Q, set()),
    ("What kinds of problems do your clients bring to you?", None, Q, set()),
    ("How has the job market in this field changed since you started?", None, Q, set()),
    ("What is the pay range like for entry-level people in this field, roughly?", None, Q, set()),
    ("What do you think about the future of public libraries?", None, Q, set()),
    ("How did you decide between graduate school and working?", None, Q, set()),
    ("What advice would you give someone finishing a nursing degree?", None, Q, set()),
    ("How do you keep learning in a field that changes so fast?", None, Q, set()),
    ("What's the hardest part of managing a budget as a project lead?", "senior", Q, set()),
    ("How do pricing decisions get made in your industry in general?", "senior", Q, set()),
    ("What was it like when your company went through a merger?", "senior", Q, set()),
    ("Could you tell me about a project you were proud of?", None, Q, set()),
    ("Would you walk me through how you prepare for a client workshop?", None, Q, set()),
    ("What should I read to understand the field better?", None, Q, set()),
    ("How do people in this field handle burnout?", None, Q, set()),
    ("What did your path from apprentice to master electrician look like?", None, Q, set()),
    ("How do you see AI changing the day-to-day of your work?", None, Q, set()),
    ("What do new people most often get wrong in this job?", "mid", Q, set()),
    ("Could you recommend any professional groups worth joining?", None, Q, set()),
    ("What do you look for when you review a junior designer's portfolio?", None, Q, set()),
    ("How do hiring managers in this field view bootcamp graduates?", None, Q, set()),
    ("What is the outlook for jobs in renewable energy?", None, Q, set()),
    ("How did you choose which employer to join after school?", None, Q, set()),
    ("What was the toughest decision in your career so far?", "executive", Q, set()),
    # -- drafts -------------------------------------------------------------------------------
    (
        "Hi Omar, Jess from the running club mentioned you work in logistics. I'm finishing "
        "my MBA and trying to understand supply chain roles. Could I buy you a coffee near "
        "your office and ask a few questions? 20 minutes at most.\nThanks, Bea",
        None,
        D,
        set(),
    ),
    (
        "Dear Dr. Mensah, we met briefly at the Public Health Forum in Leeds. I am weighing a "
        "move from pharmacy into epidemiology and would be grateful for 20 minutes of your "
        "advice by phone at a time that suits you.\nKind regards, Tom",
        "executive",
        D,
        set(),
    ),
    (
        "Hi Lucy, my cousin Abe gave me your name. I'm changing careers into accounting and "
        "I've attached my resume and portfolio so you know a bit about me. Could we talk "
        "next week?",
        None,
        D,
        {"resume"},
    ),
    (
        "Hello Pat, I'm a big fan of your firm and I'm applying for the open analyst role "
        "there. Would you be willing to put me forward to the hiring team? Happy to chat by "
        "phone.",
        None,
        D,
        {"job-ask"},
    ),
    (
        "Hi Noor, we studied together at Westfield. I'm thinking about going into teaching. "
        "If you're too busy to meet, I could send you my questions by email and you could "
        "answer when it suits you.",
        None,
        D,
        {"email-medium"},
    ),
    (
        "Hi Ken, I hope you're well! A friend from my book club said you made the jump from "
        "finance into product design. I'd love to hear how that went. Would you have 20 "
        "minutes for a video call in the next couple of weeks?",
        None,
        D,
        set(),
    ),
]

# A second held-out part, written after the rules were broadened and scored once, never
# tuned on: the first part's misses were seen while tuning (see the README), this one's not.
HELD_OUT_FRESH: list[tuple[str, str | None, str, set[str]]] = [
    ("Could you let your manager know I'm keen to join?", None, Q, {"job-ask"}),
    ("Is there an opening for a paralegal at your firm?", None, Q, {"job-ask"}),
    ("Would you write me a recommendation for the internship programme?", None, Q, {"job-ask"}),
    ("I'm job hunting at the moment - does your place have anything?", None, Q, {"job-ask"}),
    ("Would you be comfortable referring me for the nurse educator vacancy?", None, Q, {"job-ask"}),
    ("Can you pass my portfolio to your creative director?", None, Q, {"job-ask", "resume"}),
    ("I can drop off a printed resume at your office.", None, Q, {"resume"}),
    ("Would you have a minute to proofread my CV?", None, Q, {"resume"}),
    ("Who is your agency's largest account?", None, Q, {"confidential"}),
    ("What's the margin on your catering packages?", None, Q, {"confidential"}),
    ("When is the new model coming out, and what will it cost?", None, Q, {"confidential"}),
    ("How many redundancies are planned this year?", "senior", Q, {"confidential"}),
    ("How much are you paid per hour?", None, Q, {"personal-pay"}),
    ("What did your last pay rise look like?", None, Q, {"personal-pay"}),
    ("How much do you earn as a senior nurse?", None, Q, {"personal-pay"}),
    (
        "How is the hospital's budget looking for next year?",
        "junior",
        Q,
        {"too-junior-for-finances", "confidential"},
    ),
    (
        "What are apprentices given to do in their first week?",
        "executive",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    ("Is the job interesting?", None, Q, {"yes-no"}),
    ("Did you find it hard to learn the software?", None, Q, {"yes-no"}),
    ("Would you mind answering a few questions by email instead?", None, Q, {"email-medium"}),
    ("What keeps you in this profession after all these years?", None, Q, set()),
    ("Where do you think the biggest opportunities in the field will be?", None, Q, set()),
    ("How did you go from a history degree to software testing?", None, Q, set()),
    ("What do people underestimate about this work?", None, Q, set()),
    ("How do you see automation affecting accountants?", None, Q, set()),
    ("What kind of training would you suggest before applying anywhere?", None, Q, set()),
    ("How did your first manager shape the way you work?", "executive", Q, set()),
    ("What do clients usually misunderstand about what you do?", None, Q, set()),
    ("What is the typical salary progression in this field over ten years?", None, Q, set()),
    ("How do companies in this sector usually decide on prices?", "mid", Q, set()),
    ("What does a hiring manager in this field want to see on a resume?", None, Q, set()),
    ("Could you share how you balanced study and work during your training?", None, Q, set()),
    ("What would you say to someone graduating into this market?", None, Q, set()),
    ("How did you know it was time to change employers?", None, Q, set()),
    ("Which conferences are worth going to?", None, Q, set()),
    ("What is the hardest skill to learn on the job?", "junior", Q, set()),
    ("How did you build relationships with clients early on?", None, Q, set()),
    ("What part of the job do new people find hardest?", "mid", Q, set()),
    ("What's the future of print design, in your view?", None, Q, set()),
    ("How do teams in your field usually share knowledge?", None, Q, set()),
]

# A third part, written after the second was used to broaden the rules; scored once and
# reported as the check's honest figure on text it was never tuned on.
HELD_OUT_UNSEEN: list[tuple[str, str | None, str, set[str]]] = [
    ("Would you put in a good word if I applied to your bank?", None, Q, {"job-ask"}),
    (
        "Do you know whether your company is bringing in any graduates this year?",
        None,
        Q,
        {"job-ask"},
    ),
    ("Could you help me get my foot in the door there?", None, Q, {"job-ask"}),
    (
        "I'd jump at the chance to work alongside you - is that something you could arrange?",
        None,
        Q,
        {"job-ask"},
    ),
    ("Could you connect me with whoever handles recruitment at your school?", None, Q, {"job-ask"}),
    ("I've attached a one-page CV for context.", None, Q, {"resume"}),
    ("Could I walk you through my portfolio when we meet?", None, Q, {"resume"}),
    ("Which suppliers give you the best rates?", None, Q, {"confidential"}),
    ("What did the last funding round value the company at?", None, Q, {"confidential"}),
    ("Is the studio planning to cut staff after the merger?", None, Q, {"confidential"}),
    ("What are your team's sales targets this quarter?", "senior", Q, {"confidential"}),
    ("What's your salary band?", None, Q, {"personal-pay"}),
    ("Do you get a good bonus?", None, Q, {"personal-pay"}),
    ("How much money did you lose when you changed careers?", None, Q, {"personal-pay"}),
    (
        "How are the company's profits compared to last year?",
        "junior",
        Q,
        {"too-junior-for-finances", "confidential"},
    ),
    (
        "What do graduate trainees spend most of their first month doing?",
        "executive",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    ("Is the commute bad?", None, Q, {"yes-no"}),
    ("Would you be happy to reply to my questions in writing?", None, Q, {"email-medium"}),
    ("What do you see as the next big shift in your profession?", None, Q, set()),
    ("How did you work out that teaching was not for you anymore?", None, Q, set()),
    ("What would you want a newcomer to understand in their first year?", "executive", Q, set()),
    ("What habits helped you most in your early career?", None, Q, set()),
    ("How do you think the field will look when I graduate in three years?", None, Q, set()),
    ("What are employers in this field looking for in graduates these days?", None, Q, set()),
    ("How do freelancers in your area usually set their rates?", None, Q, set()),
    ("What made you choose a big company over a small one?", None, Q, set()),
    ("How did you prepare for the move from nursing into management?", None, Q, set()),
    ("What is your favourite part of working with students?", None, Q, set()),
    ("How do you decide which projects to take on?", None, Q, set()),
    ("What changes have you seen in how teams are hired in your industry?", None, Q, set()),
]
