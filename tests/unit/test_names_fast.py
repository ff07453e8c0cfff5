"""The fast path of ``bot/names.py`` against nameparser itself.

``parse`` and ``tidy`` answer plain names ("Maria Lopez") without loading nameparser. Every
answer the fast path gives must be nameparser's own, so these tests run both over many
names — real-world shapes and generated ones, with accents, hyphens, particles, titles,
suffixes, initials, nicknames, commas, other scripts, all capitals and lower case, and
every word of nameparser's vocabulary in every position — and compare. A name the fast path
declines is nameparser's anyway; what matters is that it never answers differently.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from bot.name_words import WORDS, vocabulary
from bot.names import (
    _PLAIN_NAME,
    nameparser_parse,
    nameparser_tidy,
    parse,
    plain_parse,
    plain_tidy,
    tidy,
)

REAL = """
Maria Lopez | Ana Ruiz | José García-López | Jean-Luc Picard | Anna-Lena Schmidt | Priya
Cher | Madonna Louise Ciccone | Ludwig van Beethoven | Vincent van Gogh | Rembrandt van Rijn
Johannes van der Waals | Ursula von der Leyen | Maria de la Cruz | Juan de la Vega
Gabriel García Márquez | Francisco de Goya y Lucientes | María del Carmen Ruiz | Leonardo da Vinci
Charles de Gaulle | Simone de Beauvoir | Antoine de Saint-Exupéry | Dr. Ana Ruiz | Dr Ana Ruiz
Mr Robert Klein | Mrs. Dalloway | Ms Jane Doe | Prof. Dr. Hans Müller | Sir Isaac Newton
Dame Judi Dench | Rev. Martin Luther King Jr. | Martin Luther King, Jr. | Robert Klein Jr.
John Smith III | Henry VIII | Louis XIV | Pope Francis | King Charles III | Queen Elizabeth II
Sam Lee PhD | Jane Roe, MD | Ana Ruiz, M.D. | John Doe Esq. | Capt. Jack Sparrow
Lt. Col. John Smith | J. R. R. Tolkien | J.R.R. Tolkien | T. S. Eliot | George W. Bush
John F. Kennedy | Franklin D. Roosevelt | E. E. Cummings | bell hooks | danah boyd
k.d. lang | Lopez, Maria | Ruiz, Ana María | Smith, John Q. | García Márquez, Gabriel
Robert "Bob" Smith | William (Bill) Gates | Dwayne 'The Rock' Johnson | Maria Lopez (née Garcia)
Anna Nowak z domu Kowalska | Marie Curie née Skłodowska | Ivan Petrovich Sidorov
Sidorov Ivan Petrovich | Anna Ivanovna | Fyodor Mikhailovich Dostoevsky | Ahmet Oğlu | Ali Kızı
Mehmet Öz | Işıl Yılmaz | İlhan Omar | Elif Şafak | Recep Tayyip Erdoğan | Nazım Hikmet Ran
Søren Kierkegaard | Bjørn Borg | Åsa Larsson | Jürgen Habermas | Günter Grass | Straße Weiß
Zoë Saldaña | Chloë Grace Moretz | Renée Zellweger | François Hollande | Jérôme Boateng
Łukasz Kowalski | Wisława Szymborska | Antonín Dvořák | Václav Havel | Mirosław Klose
Dóra Szabó | Ólafur Arnalds | Björk Guðmundsdóttir | Jón Þór | Ægir Ásgeirsson | Nguyễn Văn An
Trần Thị Mai | Aung San Suu Kyi | Lee Min-ho | Park Ji-sung | Kim Jong-un | Bo Li | Ma Long
Mao Zedong | Xi Jinping | 毛泽东 | 王伟 | 山田太郎 | 김민준 | 남궁민수 | Владимир Путин
Анна Ивановна Петрова | Μαρία Παπαδοπούλου | محمد علي | Mohammed bin Salman | Abdul Rahman Khan
Abu Bakr | Umm Kulthum | Ali ibn Abi Talib | Osama bin Laden | Ibn Khaldun | Shri Narendra Modi
Mahatma Gandhi | A. P. J. Abdul Kalam | Sheikh Hasina | Swami Vivekananda | Guru Nanak
Mary Ann Evans | Mary-Kate Olsen | Billy Bob Thornton | Dee Dee Ramone | Lee Harvey Oswald
Dean Martin | Major Tom Smith | Saint John Perse | General Tso | Prince | Judge Judy
Earl Grey | Duke Ellington | Count Basie | Bishop Desmond Tutu | Mark Twain | Grant Wood
Will Smith | May Parker | June Carter Cash | Ray Charles | Drew Barrymore | Art Garfunkel
Vi Hart | Liv Tyler | Dixie Carter | Mimi Rogers | Ed Sheeran | Al Gore | Do Kwon | Md Rahman
Van Johnson | Van Morrison | De Niro | Del Toro | La Toya Jackson | Le Corbusier | Di Caprio
Leonardo DiCaprio | DeShawn McAdams | LeBron James | Ewan McGregor | Ewan MacGregor
Shaquille O'Neal | Conan O'Brien | D'Angelo Russell | Sinéad O'Connor | Dara Ó Briain
Bob Smith-Jones | Helena Bonham Carter | Catherine Zeta-Jones | Andrew Lloyd Webber
Sacha Baron Cohen | Daniel Day-Lewis | Julia Louis-Dreyfus | Hyphen-Ated Double-Barrelled
MARIA LOPEZ | maria lopez | ANA RUIZ SOTO | jose garcia-lopez | JEAN-LUC PICARD | o'neil
ludwig van beethoven | DR ANA RUIZ | john smith jr | JOHN SMITH III | maría josé | JOSÉ MARÍA
Maria  Lopez | Maria Lopez | Maria Lopez Garcia Fernandez | A B | Ab Cd | Ab Cd Ef Gh
Jo | J | X Æ A-12 | Tanaka-san | Tanaka San | Kenji-sama | Mohandas Gandhiji | Ravi Shankarji
Mary & John Smith | John and Mary Smith | Maria y Lopez | Joao e Silva | Peter und Paul
Ms. | Dr. | Mr Smith | Dr Ruiz | Ruiz | Smith Jr | St. John | St John Smith | Ste Marie
Santa Claus | San Martin | Luis San Martin | Maria Del Carmen | Ali Bin Omar | Juan Dela Cruz
McDonald | Mcdonald | Macdonald | Machado de Assis | Mack Smith | Macy Gray | Mace Windu
Ivan Ivanovich | Kuzma Kuzmich | Ilya Ilyich Oblomov | Aliyev Ilham Heydar Oglu
"""


def real_names() -> list[str]:
    return [n.strip() for line in REAL.splitlines() for n in line.split("|") if n.strip()]


ONSETS = [*"bcdfghjklmnprstvwzñçłśžčřşß", "br", "ch", "dr", "gr", "kr", "pl", "sh", "st", "th"]
VOWELS = [*"aeiouyáéíóúàèùâêôäëöüåøæőűıāēīōūăęą"]
CODAS = ["", "", "n", "r", "s", "l", "z", "nd", "rt", "ck", "ss", "ll", "ng", "ğ", "ń"]
OTHER = ["Владимир", "Μαρία", "محمد", "王", "山田", "김", "Nguyễn", "Ǆemal", "ǅ", "ŉa", "ſam"]
MARKS = [".", "'", "’", '"', "(", ")", ",", "&", "-", "1", "2nd"]


def invented(rng: random.Random) -> str:
    """A word that could be a name, of one to four syllables."""
    return "".join(
        rng.choice(ONSETS) * (rng.random() < 0.8) + rng.choice(VOWELS) + rng.choice(CODAS)
        for _ in range(rng.randint(1, 4))
    )


def cased(rng: random.Random, word: str) -> str:
    style = rng.random()
    if style < 0.7:
        return word.capitalize()
    if style < 0.8:
        return word.lower()
    if style < 0.9:
        return word.upper()
    cut = rng.randint(1, max(1, len(word) - 1))
    return word[:cut].capitalize() + word[cut:].capitalize()  # "DeShawn", "McAdams"


def generated(rng: random.Random, vocab: list[str], count: int) -> Iterator[str]:
    """Names of one to five words: invented words in every case, joined by hyphens now and
    then, among vocabulary words, initials, numerals, punctuation and other scripts."""
    for _ in range(count):
        words: list[str] = []
        for _ in range(rng.choice((1, 2, 2, 2, 3, 3, 3, 4, 5))):
            kind = rng.random()
            if kind < 0.55:
                word = cased(rng, invented(rng))
            elif kind < 0.65:
                word = "-".join(cased(rng, invented(rng)) for _ in range(rng.randint(2, 3)))
            elif kind < 0.8:
                word = cased(rng, rng.choice(vocab))
            elif kind < 0.85:
                word = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZÉÓ") + rng.choice(("", ".", "."))
            elif kind < 0.9:
                word = cased(rng, rng.choice(("ii", "iv", "vi", "xi", "ix", "lv", "mcm", "dc")))
            elif kind < 0.95:
                word = rng.choice(OTHER)
            else:
                word = cased(rng, invented(rng))
                at = rng.randint(0, len(word))
                word = word[:at] + rng.choice(MARKS) + word[at:]
            words.append(word)
        yield " ".join(words)


def plain_looking(rng: random.Random, vocab: list[str], count: int) -> Iterator[str]:
    """One to three capitalised words, the names the fast path is for, each word invented,
    short, hyphenated, or glued to a vocabulary word or a patronymic ending ("Vanholt",
    "Petrovich", "Aliyeva", "Deroy")."""
    endings = ["ovich", "ovna", "evich", "ichna", "oglu", "ogly", "kyzy", "son", "dottir", "ski"]
    for _ in range(count):
        words = []
        for _ in range(rng.choice((1, 2, 2, 3, 3))):
            kind = rng.random()
            word = invented(rng)
            if kind < 0.1:
                word = word[:2]
            elif kind < 0.2:
                word = f"{word}-{invented(rng)}"
            elif kind < 0.3:
                word = rng.choice(vocab) + word
            elif kind < 0.4:
                word = word + rng.choice(vocab)
            elif kind < 0.5:
                word = word + rng.choice(endings)
            words.append("-".join(part.capitalize() for part in word.split("-")))
        yield " ".join(words)


def every_vocabulary_word_in_every_place(vocab: list[str]) -> Iterator[str]:
    """Each word nameparser knows, as a plain capitalised word before, among and after
    plain names: the words the fast path must never read as a name."""
    for word in vocab:
        shape = word.capitalize()
        yield shape
        yield f"{shape} Lopez"
        yield f"Maria {shape}"
        yield f"Maria {shape} Lopez"
        yield f"Maria Lopez {shape}"
        yield f"{shape}-Lopez Garcia"
        yield f"Ana Lopez-{shape}"


def names() -> list[str]:
    rng = random.Random(20261201)
    found = [
        *real_names(),
        *generated(rng, sorted(WORDS | _lexicon_entries()), 5000),
        *plain_looking(rng, sorted(WORDS), 3000),
        *every_vocabulary_word_in_every_place(sorted(WORDS)),
    ]
    return list(dict.fromkeys(" ".join(n.split()) for n in found if n.split()))


def _lexicon_entries() -> set[str]:
    """Entries of nameparser's vocabulary as written (phrases, dotted, non-Latin)."""
    import dataclasses

    from nameparser import Lexicon

    lexicon = Lexicon.default()
    entries: set[str] = set()
    for field in dataclasses.fields(lexicon):
        value = getattr(lexicon, field.name)
        for entry in value.keys() if hasattr(value, "keys") else value:
            entries.update(entry if isinstance(entry, tuple) else (entry,))
    return entries


NAMES = names()


def test_the_word_list_is_the_installed_nameparsers_vocabulary() -> None:
    assert vocabulary() == WORDS, "nameparser changed: run python -m bot.name_words"


def test_the_fast_path_gives_what_nameparser_gives() -> None:
    answered, wrong = 0, []
    for text in NAMES:
        fast = plain_parse(text)
        if fast is None:
            continue
        answered += 1
        if fast != nameparser_parse(text):
            wrong.append((text, fast, nameparser_parse(text)))
    assert wrong == [], f"{len(wrong)} of {answered}: {wrong[:10]}"
    assert answered > 3000  # the test has teeth: most plain names take the fast path


def test_the_fast_capitals_are_nameparsers() -> None:
    answered, wrong = 0, []
    one_case = {
        variant
        for text in NAMES
        for variant in (text, text.lower(), text.upper())
        if _PLAIN_NAME.fullmatch(variant) and variant in (variant.lower(), variant.upper())
    }
    for text in sorted(one_case):
        fast = plain_tidy(text)
        if fast is None:
            continue
        answered += 1
        if fast != nameparser_tidy(text):
            wrong.append((text, fast, nameparser_tidy(text)))
    assert wrong == [], f"{len(wrong)} of {answered}: {wrong[:10]}"
    assert answered > 3000


def test_plain_names_take_the_fast_path_and_the_rest_do_not() -> None:
    for plain in ("Maria Lopez", "José García-López", "Ana Ruiz Soto", "Priya", "Zoë Saldaña"):
        assert plain_parse(plain) is not None, plain
    for other in (
        "Dr. Ana Ruiz",
        "Ludwig van Beethoven",
        "Robert Klein Jr",
        "Lopez, Maria",
        'Robert "Bob" Smith',
        "J. Smith",
        "Henry VIII",
        "Maria Lopez Garcia Fernandez",
        "王伟",
        "maria lopez",
    ):
        assert plain_parse(other) is None, other
    assert plain_tidy("maria lopez") == "Maria Lopez"
    assert plain_tidy("ewan macdonald") is None  # nameparser's own "MacDonald"


def test_parse_and_tidy_answer_alike_either_way() -> None:
    assert parse("  Maria   Lopez ") == nameparser_parse("Maria Lopez")
    assert parse("Maria Lopez").given == "Maria"
    assert tidy("MARIA LOPEZ") == "Maria Lopez" == tidy("maria lopez")
