"""Bios the text tests share: an original, an unrelated one, and the original disguised."""

BIO = (
    "Results-driven recruiter with over 12 years of experience in fintech and payments. "
    "I specialise in hiring backend engineers, data scientists and product managers for "
    "start-ups in Leeds, Manchester and Berlin. Previously at Northwind and Contoso, where I "
    "built the graduate programme from scratch. Outside work: fell running, sourdough and "
    "terrible puns."
)
OTHER_BIO = (
    "Paediatric nurse turned health-tech product owner. I spend my days translating between "
    "clinicians and developers, mapping care pathways and testing prototypes on the ward. "
    "Trustee of a children's hospice in Bristol; amateur cellist; occasional marathoner."
)
# The same bio disguised: Cyrillic а/е/о/р/с, zero-width spaces and joiners, soft
# hyphen, changed case, doubled spaces and different punctuation.
TAMPERED_BIO = (
    "RESULTS—DRIVEN  rеcruitеr with ovеr 12 yеаrs оf ехреriеnсе in FINTECH and payments!! "
    "I spe\u200bcialise in hir\u200ding backend engineers; data sci\u00adentists and product "
    "managers for start-ups in Leeds, Manchester and Berlin... Previously at Northwind and Contoso "
    "where I built the graduate programme from scratch. Outside work: fell-running, sourdough "
    "and terrible puns"
)
