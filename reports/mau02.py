"""The fixed text of Mẫu số 02 (Phụ lục III, QĐ 26/2026/QĐ-TTg), part by part, in its order.

Every msgid here is an English rendering of one heading or label of the form; its Vietnamese
translation in the catalogue is the decree's text verbatim, misprints included, so that the
Vietnamese Word file is the official form. Check any change against the decree by eye.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_

# A Part I field: its label and the key of the known value written after it (None: never known).
Field = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class Narrative:
    """A numbered item answered in free text, on dotted lines below its label."""

    label: str
    lines: int


PART_I = (N_("Part I"), N_("GENERAL INFORMATION"))
PART_II = (N_("Part II"), N_("RESULTS OF IMPLEMENTING THE PRODUCTION AND BUSINESS PLAN"))
PART_III = (N_("Part III"), N_("ASSESSMENT OF RESULTS AGAINST THE OCOP PRODUCT CRITERIA"))
PART_IV = (N_("Part IV"), N_("PRODUCTION AND BUSINESS PLAN"))

# Items 1 to 6, one printed line each; a line may hold two fields.
PART_I_FIELDS: tuple[tuple[Field, ...], ...] = (
    ((N_("1. Name of the producer"), "organisation"),),
    ((N_("2. Type of organisation"), "org_type"),),
    ((N_("3. Address"), "address"),),
    ((N_("4. Phone"), "phone"), (N_("Email"), "email")),
    ((N_("5. Name of the legal representative"), "representative"),),
    ((N_("- Full name"), "representative"),),
    ((N_("- Sex"), None), (N_("(Male/female); Ethnicity"), None)),
    ((N_("- Permanent address"), None),),
    ((N_("6. Date of founding/business registration"), None),
     (N_("Registration number (if any)"), None)),
)
# Item 7: the product's name is known, its description is left to write on dotted lines.
PRODUCT_ITEM: Field = (N_("7. Name of the product/service, description of the product's "
                          "specifications, standard"), "product")
PRODUCT_BLANK_LINES = 2
CHECKLIST_INTRO = N_("Tick (√) the matching items:")
# Each line as printed, with its box; c) is a heading without a box of its own.
CHECKLIST = (
    N_("a) Business registration certificate: □"),
    N_("b) Product quality announced as required: □"),
    N_("c) Production conditions in place as required:"),
    N_("- Certificate of a facility meeting the food hygiene and safety conditions required by "
       "law for producing the product: □"),
    N_("- Certificate of a facility meeting the production conditions required for the product "
       "(for products for which it is required) □"),
    N_("d) Intellectual property registered: □"),
    N_("+ Trademark registration certificate: □"),
    N_("+ Document recognising the right to use a geographical indication, collective mark or "
       "certification mark: □"),
    N_("+ Patent □"),
    N_("+ Industrial design patent: □"),
    N_("+ Copyright certificate □"),
    N_("+ Other (specify):□"),
)
PART_I_NARRATIVES = (
    Narrative(N_("8. History of the producer (the stages of its founding and development):"), 2),
    Narrative(N_("9. Organisational structure of the producer:"), 1),
)

PART_II_LINES = (
    N_("Required content: assess the results of carrying out the producer's production and "
       "business plan, against the production and business plan made when joining OCOP."),
    N_("Note: set out clearly the following:"),
    N_("- Organisation of the raw material area, production technology, preliminary "
       "processing, processing and packing of the producer's product."),
    N_("- Changes in the product's quality: quality, quality standards, packaging, labels, "
       "form of packing,..."),
    N_("- Markets where the product is distributed."),
    N_("- Production and business results: revenue, profit."),
)
PART_II_BLANK_LINES = 4

PART_III_LINES = (
    N_("- Based on the OCOP product criteria set matching the registered product, the producer "
       "assesses the result (points) it can reach, criterion by criterion, in order."),
    N_("- Description and proof of each result (a description and the documents proving it, "
       "in the order of the indicators of the criteria set)."),
    N_("- Attach the supporting documents in an appendix to the report, following the guidance "
       "in the table below:"),
)
EVIDENCE_HEADER = (N_("No."), N_("Content"), N_("Requirement"))
# The decree prints "-" in the No. column of every row.
EVIDENCE_ROWS = (
    (N_("Business registration certificate"),
     N_("Copy proving lawful business activity (for units/individuals with a business "
        "registration)")),
    (N_("Certificate of a facility meeting the production conditions"),
     N_("Copy (for products that need a certificate under the regulations in force)")),
    (N_("Origin of raw materials, raw material area, chain linkage"),
     N_("Copies of documents: food safety certificate for the raw material area, sales "
        "contracts/framework contracts, linkage agreements, contract liquidations, valid "
        "invoices and vouchers... proving the origin of raw materials and the chain linkage.")),
    (N_("Environmental protection, use of technology in a sustainable way"),
     N_("Copies of the environmental files and procedures required; pictures proving the "
        "environmental protection measures taken; pictures and a description of the "
        "technology used in a sustainable way.")),
    (N_("Use of local labour"),
     N_("List of insured workers certified by the producer, including their permanent "
        "residence.")),
    (N_("Growth of production and business"),
     N_("- Copy of the document proving the cooperative's classification result or the "
        "financial statements of the last 2 years. - Copy of the producer's financial "
        "statements of the last 2 years.")),
    (N_("Intellectual property"),
     N_("Proof that the trademark application was accepted or published by the competent "
        "authority. Copy of the trademark registration certificate; title recognising the "
        "right to use a geographical indication, collective mark or certification mark; "
        "patent, industrial design patent,...")),
    (N_("Market development, promotion and trade promotion activities"),
     N_("Copies of documents: contracts, commitments, consignments, orders, receipts, "
        "invoices and vouchers proving the distribution of the product, its export and trade "
        "promotion activities...")),
    (N_("Product promotion"), N_("Documents proving the website and promotion activities.")),
    (N_("Story of the product"),
     N_("Copies of leaflets, pictures, films, recordings... proving the story of the "
        "product")),
    (N_("Product quality announcement"),
     N_("Copies of documents proving the product's announced quality")),
    (N_("Test reports on the quality and food safety indicators under the announced "
        "standard"),
     N_("Copies of documents proving that the quality and food safety standards are met.")),
    (N_("Barcode, traceability stamp,"),
     N_("Copies of documents proving the code, the stamp, the ownership of the brand...")),
    (N_("Advanced quality management system, quality control"),
     N_("Copies of documents: certification of an advanced quality management system, proof "
        "that the management system meets the standard")),
    (N_("Awards of the product, votes of reputable organisations in Vietnam and abroad..."),
     N_("Copies of documents, proof of achievements, awards, votes...")),
)
REEVALUATION_NOTE = N_(
    "For a product registered for re-evaluation and re-ranking: review and update what is new "
    "and assess the changes and results achieved in the 3 years since OCOP recognition: raw "
    "materials, technology used, packaging, labels, quality announcement, market, output, "
    "revenue; add the legal supporting papers that have a term;....")

PART_IV_LINE = N_("Set out the owner's directions and plans for the coming period on product "
                  "development, organisation of production and the market.")
PART_IV_BLANK_LINES = 3


def form_labels() -> tuple[str, ...]:
    """Every heading and label of the form's paragraphs, in the order the decree prints them."""
    fields = tuple(label for line in PART_I_FIELDS for label, _ in line)
    return (*PART_I, *fields, PRODUCT_ITEM[0], CHECKLIST_INTRO, *CHECKLIST,
            *(item.label for item in PART_I_NARRATIVES), *PART_II, *PART_II_LINES,
            *PART_III, *PART_III_LINES, REEVALUATION_NOTE, *PART_IV, PART_IV_LINE)
