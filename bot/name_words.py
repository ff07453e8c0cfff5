"""Every word nameparser's vocabulary holds, in Latin letters: the words ``bot/names.py``'s
fast path leaves to nameparser (titles, suffixes, particles, conjunctions, maiden markers...).

Generated from the installed nameparser's ``Lexicon.default()``: every run of letters of
every entry, in lower case, where each letter is below U+0180 (the only letters the fast
path reads). ``tests/unit/test_names_fast.py`` checks it against the installed nameparser;
after an upgrade, write it again with ``python -m bot.name_words``.
"""

from __future__ import annotations

_TEXT = """
a aan aas ab aba abbess abbot abc abd abdal abdel abdul abolitionist abou abpp abr abu aca
academic acas accs ace acha acolyte acp activist actor actress ad adept adh adjutant adm
administrator admiral advertising adviser advocate ae aem aen af afasma afc affaires afm agacnp
agsf aia aicp air akhoond al ala alc alderman almoner alp am ambassador amd ame amieee amn ams
an analytics anarchist and animator anthropologist aphr apn appellate apprentice apr aprn apss
aqp ar arbitrator archbishop archdeacon archdruid archduchess archduke archeologist architect
arhat arm army arranger arrc as asa asc ash asid asla asp assistant assoc associate asst
astronomer at atc ath attache attaché attorney auf aunt auntie author av award awb ayatollah az
aš b ba baba bailiff ballet bandleader banker banner bapak bar bard baron baroness barrister
baseball bat batoni bc bca bcl bcss bds bearer behavioral bem bench bg bgen biblical
bibliographer bin binibini bint binte binti biochemist biographer biologist bishop blessed
blogger bls blues bn bodhisattva bon bookseller botanist bp bpe bpi bpt brigadier briggen
british broadcaster brother bs bsc bt btcs bts buddha burgess burlesque business businessman
businesswoman bwana c cacts cae caha caia cams canon cap capa capm capp caps capt captain
cardinal caro cartographer cartoonist cas casp catholicos cb cbe cbm cbne cbnt cbp cbrte cbs
cbsp cbt cbte cbv cca ccc ccca cccm cce cchp ccie ccim cciso ccm ccmsgt ccmt ccna ccnp ccp ccpr
ccs ccufc cd cdal cdfm cdmp cdr cds cdt cea ceas cebs ceds ceh cela celebrity cem ceo cep cera
cet cf cfa cfc cfcc cfce cfcm cfe cfeds cfi cfm cfo cfp cfps cfr cfre cg cga cgap cgb cgc cgfm
cgfo cgm cgma cgp cgr cgsp ch chair chairs chancellor chaplain charge chargé chba chdm che chef
cheikh chemist ches chfc chi chief chieftain chmc chmm choreographer chp chpa chpe chpln chpse
chrm chsc chse chsos chss cht cia cic cie cig cip cipm cips ciro cisa cism cissp civil cla
classical clergyman clerk cllr clsd cltd clu cm cma cmas cmc cmfo cmg cmp cms cmsaf cmsgt cmsp
cmt cna cnm cnp co coach col collector colonel comedian comedienne comic commander commissioner
commodore composer compositeur comptroller computer comtesse conductor consultant controller
corporal corporate correspondent cota councillor counsel counselor count countess courtier cp
cpa cpacc cpbe cpcm cpcu cpe cpfa cpfo cpg cph cpht cpim cpl cplp cpm cpnp cpo cpp cppm cprc
cpre cprp cpsc cpsi cpss cpt cpwa crde credit criminal criminologist crisc critic crma crme crna
cro crp crt crtt csa csbe csc cscp cscu csep csi csm csp cspo csre csrte csslp cssm cst cste ct
ctbs ctfa cto ctp cts cua curator cusp customs cva cvo cvp cvrs cwap cwb cwdp cwep cwna cwne cwo
cwp cwsp cxa cyclist cyds cysa d da dabfm dabvlm dacvim dal dame dancer das dbe dc dcb dchs dcm
dcmg dcn dcvo dd dds de deacon ded degli dei del dela delegate dell della delle delli dello dem
den dep deputy der designated designer detective developer dfc dfm dhr dhs di dipl diplac diplom
diplomat dir director discovery dissident district division djur dm dma dmd dmin dmsc dmsci dnp
do doamna doamnă docent docket doctor domnul domu dos dott doyen doz dphil dpm dpt dpty dr dra
dramatist drb drmp drph druid drummer dsc dsm dso dss dtr du duchesse dutchess dvep dvm dí e ea
ecologist economist ed edd edh editor edler edmi edohen educator effendi ei eit ekegbian el
eldri elerunwon els emd eminence emperor empress emt en encik engineer english enp ens
entertainer entrepreneur envoy er erd erzbischof es esh esq esquire essayist et eth evangelist
evp excellency excellent exec executive expert ez f faafp faan faap fac facc facd facem facep
facha facofp facog facp facph facs fadm faia faicp fala familie family fashp fasid fasla fasma
faspen father fca fcas fcela fd fec federal fh fhames fic ficf fieee field film financial first
flag flying fmp fmva fnp fnss foreign forester founder fp fpc fr frau freifrau freiherr
freiherrin friar frk frm fru fräulein fröken frøken frú fsa fsdp fws född fødd født fürst
fürsterzbischof gaf gba gbe gcb gchs gcie gcmg gcsi gcvo geb geboren geborene gen general
generalissimo gent gentiluomo giani ginang ginoo gisp git gm gmb gmr goodman goodwife gospodin
gospođa gospođica gov governor gphr graaf graf grafas grafi grand greifi greve gri group
großfürst grp gräfin gsmieee guitarist guru gyani gysgt hajji hccp headman heer heir heiress her
hereditary heren herr herra herren herrn herzog het high highness his historian historicus
historien holiness hon honorable honourable host hr hrabia hrs härra i iaccp iaee ibn iccm idsm
ifgict ii iii ill illustrator imam in industrialist information ing instructor intelligence
intendant inventor investigator investor iom ipep ipm iso issp itil iv jaunesnioji jaunesnysis
jaunākais jaunākā jd jnr journalist journeyman jp jr judge judicial juffrouw junior jurist
júnior kalbatoni kbe kcb kchs kcie kcmg kcsi kcvo keyboardist kg khs king kingdom knight
knowledge knt kp krahv kreivi kt l la lac lady lama lamido las law lawyer lcdr lcmt lcpc lcpl
lcsw ld le leader lecturer legal lg librarian lieutenant linguist lisw literary litk litl litp
llm lm lmsw lmt lord los lp lpa lpc lpn lpss lsi lsit lt ltc ltcol ltg ltgen ltjg lvn lvo lvt
lyricist ma maaa mac madam madame mademoiselle mag magistrate magnate maharajah maharani mahdi
maid maj majesty majgen manager marcher marchess marchioness marketing marquess marquis marquise
master mathematician mathematics matriarch mayor mb mba mbbch mbchb mbe mbs mc mcct mcdba mches
mcm mcp mcpd mcpo mcpoc mcpon mcsa mcsd mcse mct md mda mdb mdbb mdep mdhb mdiv mdl mdphd me mem
member memoirist meneer meng merchant met metropolitan mevr mevrouw mevrouwe mfa mg mgr mgysgt
mhsc micp mieee military minister mirm miss misses missionary mister mladšia mladší mlajša
mlajši mlađa mlađi mle mlle mls mlse mlt mm mmad mmas mme mmed mmsc mnaa mnae mo mobster model
monk monseigneur monsieur monsignor most mother mountaineer mp mpa mpco mph mphil mpse mr mra
mrs ms msa msc mscmsm msg msgt msm mt mts mufti mullah municipal murshid musician musicologist
mvo mx mystery na nanny narrator national naturalist navy nbc nbcch nbcdch nbcfch nbct ncarb
nccp ncidq ncps ncso ncto nd ndlt ndtr nee neiti neuroscientist nmd novelist np nps nraemt nremr
nremt nrp nuorempi nurse né née ní obe obi obstetritian oca ocm ocp od of officer om op opera
operating ornithologist oscp ot otr owura p pa painter paleontologist paní pastor patriarch pc
pcc pci pd pe pediatrician personality petty pfc pfmp pg pgmp pharaoh pharmd phc phd
philantropist philosopher photographer phr phrca physician physicist pianist pilot pioneer pir
pla player playwright pls pmc pmhnp pmi pmp po poet police political politician ponas ponia pope
pp pps prefect preg preili prelate premier pres presbyter president presiding priest priestess
primate prime prin prince princess principal printer printmaker prinz prior priv private prm pro
producer prof professor proua provost ps pslc psm psp psychiatrist psychologist psyd pt pta
publisher pursuivant pv pvt qam qc qcsw qfsm qgm qpm qsd qsp queen r ra rabbi radio radm
rangatira ranger rba rci rcp rd rdcs rdh rdml rdms rdn rear rebbe registrar reichsgraf rep
representative res researcher resident ret rev revenue reverend rfp rhca rid right rinpoche risk
ritter rls rmsks rn rock rouva royal rozená rp rpa rph rpl rrc rrt rt rtrp rvm rvt s sa sailor
saint sainte same san santa saoshyant sasm satirist sccp scd scholar schoolmaster scientist scm
scmp scp scpo screenwriter sds se secb secretary security seigneur senator senhor senhora
senhorita senior sergeant servant señor señora señores señorita señoritas sfc sfp sgm sgt sgtmaj
sgtmajmc shaik shaikh shayk shaykh sheik sheikh shekh sheriff shrm si siddha sig signor signora
signore signorina siie singer sir sister slečna slp sma smieee smsgt sn snr soccer social
sociologist software soldier solicitor songwriter soprano spc speaker special sphr sr sra sres
srta srtas ssa sscp ssg ssgt st staff starejša starejši starija stariji staršia starší state
states stb ste stlt stmieee strategy stsgt subaltern subedar suffragist sultan sultana superior
supreme surgeon swami swordbearer sysselmann t tax tbr td te teacher technical technologist
television tenor ter th thd the theater theatre theologian theorist thm tho thoe timi tirthankar
translator travel treasurer tsar tsarina tsgt ua ud uk ul umm uncle und ungfrú united univ us
usa usaf usar uscg usmc usn usnr uxc uxmc v vadm van vande vander vanhempi vardapet vc vcp vd
vecākais vecākā vel venerable verderer vet vicar vice viscount vizier vocalist voice vom von vrd
vrouwe vsb vyresnioji vyresnysis warden warrant whnp wing winning wo woodman wp writer y yngri z
zoologist zu ó
"""
WORDS = frozenset(_TEXT.split())


def vocabulary() -> frozenset[str]:
    """The words, from nameparser itself (which this imports: for the test and the rewrite)."""
    import dataclasses
    import re

    from nameparser import Lexicon

    lexicon = Lexicon.default()
    words: set[str] = set()
    for field in dataclasses.fields(lexicon):
        value = getattr(lexicon, field.name)
        for entry in value.items() if hasattr(value, "items") else value:
            for text in entry if isinstance(entry, tuple) else (entry,):
                for run in re.findall(r"[^\W\d_]+", str(text).lower()):
                    if all(ord(c) < 0x180 for c in run):
                        words.add(run)
    return frozenset(words)


def _rewrite() -> None:
    """Write ``WORDS`` in this file again, from the installed nameparser."""
    import re
    from pathlib import Path
    from textwrap import wrap

    path = Path(__file__)
    body = "\n".join(wrap(" ".join(sorted(vocabulary())), 96, break_on_hyphens=False))
    text = re.sub(
        r'(?s)(_TEXT = """\n).*?(""")',
        lambda m: f"{m[1]}{body}\n{m[2]}",
        path.read_text(encoding="utf-8"),
        count=1,
    )
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    _rewrite()
