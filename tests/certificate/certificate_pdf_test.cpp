// The PDF certificate: file structure (header, exact xref offsets, stream lengths, trailer), the
// text as cp1252 bytes, escaping, replacement of characters outside cp1252 (with /ActualText),
// wrapping and truncation, the competence list's limits, the QR drawing, the tagged structure,
// determinism, and refused inputs.
#include "certificate/certificate_pdf.hpp"

#include <algorithm>
#include <random>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "certificate/helvetica_metrics.hpp"
#include "certificate/pdf_writer.hpp"
#include "certificate/qr.hpp"
#include "certificate_support.hpp"

namespace passeur::certificate {
namespace {

using test_support::ContentStream;
using test_support::Count;
using test_support::SampleInput;
using test_support::ShownStrings;

// Header, every xref entry pointing at its "N 0 obj", stream lengths, trailer and %%EOF.
void ExpectValidStructure(const std::string& pdf) {
    ASSERT_EQ(pdf.rfind("%PDF-1.7\n", 0), 0U);
    ASSERT_GE(pdf.size(), 6U);
    EXPECT_EQ(pdf.substr(pdf.size() - 6), "%%EOF\n");
    const std::size_t startxref = pdf.rfind("startxref\n");
    ASSERT_NE(startxref, std::string::npos);
    const std::size_t xref = std::stoul(pdf.substr(startxref + 10));
    ASSERT_EQ(pdf.compare(xref, 7, "xref\n0 "), 0);
    const std::size_t count_end = pdf.find('\n', xref + 7);
    const int count = std::stoi(pdf.substr(xref + 7, count_end - xref - 7));
    ASSERT_GT(count, 10);
    const std::size_t entries = count_end + 1;
    EXPECT_EQ(pdf.compare(entries, 20, "0000000000 65535 f \n"), 0);
    for (int i = 1; i < count; ++i) {
        const std::string entry = pdf.substr(entries + 20 * static_cast<std::size_t>(i), 20);
        ASSERT_EQ(entry.substr(10), " 00000 n \n") << "entry " << i;
        const std::size_t offset = std::stoul(entry.substr(0, 10));
        const std::string header = std::to_string(i) + " 0 obj\n";
        EXPECT_EQ(pdf.compare(offset, header.size(), header), 0) << "object " << i << " at " << offset;
    }
    const std::size_t trailer = entries + 20 * static_cast<std::size_t>(count);
    EXPECT_EQ(pdf.compare(trailer, 8, "trailer\n"), 0);
    EXPECT_NE(pdf.find("/Size " + std::to_string(count) + " ", trailer), std::string::npos);
    // Every stream's /Length is its exact byte count.
    const std::regex length_re("/Length (\\d+)[^>]*>>\nstream\n");
    for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), length_re); it != std::sregex_iterator();
         ++it) {
        const std::size_t data = static_cast<std::size_t>(it->position(0) + it->length(0));
        const std::size_t length = std::stoul((*it)[1].str());
        EXPECT_EQ(pdf.compare(data + length, 10, "\nendstream"), 0);
    }
    // Marked content and graphics state are balanced.
    const std::string content = ContentStream(pdf);
    EXPECT_EQ(Count(content, " BDC\n"), Count(content, "EMC\n"));
    EXPECT_EQ(Count(content, "BT\n"), Count(content, "ET\n"));
    EXPECT_EQ(Count(content, "q\n"), Count(content, "Q\n"));
}

core::Result<std::string> Render(const CertificateInput& input) { return RenderCertificatePdf(input); }

TEST(CertificatePdf, IsAValidPdf17File) {
    const auto pdf = Render(SampleInput());
    ASSERT_TRUE(pdf) << pdf.error().message;
    ExpectValidStructure(*pdf);
    EXPECT_NE(pdf->find("/MediaBox [0 0 841.89 595.276]"), std::string::npos);  // A4 landscape
    EXPECT_EQ(Count(*pdf, "/Type /Page "), 1U);
}

TEST(CertificatePdf, HoldsTheTextAsCp1252) {
    const auto pdf = Render(SampleInput());
    ASSERT_TRUE(pdf);
    const auto shown = ShownStrings(ContentStream(*pdf));
    const auto has = [&](const std::string& text) {
        return std::find(shown.begin(), shown.end(), text) != shown.end();
    };
    EXPECT_TRUE(has("Attestation de comp\xE9tence"));
    EXPECT_TRUE(has("Open Badge"));
    EXPECT_TRUE(
        has("d\xE9"
            "cern\xE9"
            "e \xE0"));
    EXPECT_TRUE(has("\xC9lodie Gar\xE7on"));
    EXPECT_TRUE(has("pour l\x92obtention du badge"));
    EXPECT_TRUE(has("Accompagner les d\xE9marches administratives en ligne"));
    EXPECT_TRUE(has("D\xE9livr\xE9 par Hub num\xE9rique Hauts-de-France"));
    EXPECT_TRUE(has("Comp\xE9tences"));
    EXPECT_TRUE(
        has("S\xE9"
            "curiser l\x92\xE9quipement et les donn\xE9"
            "es \x96 Niveau 3 \x96 Interm\xE9"
            "diaire"));
    EXPECT_TRUE(has("Interagir avec les services publics en ligne \x96 Niveau 4"));
    EXPECT_TRUE(has("\x95"));  // list bullets
    EXPECT_TRUE(has("Date de d\xE9livrance\xA0: 12 mars 2025"));
    EXPECT_TRUE(
        has("Date d\x92"
            "expiration\xA0: 12 mars 2028"));
    EXPECT_TRUE(
        has("Identifiant de l\x92"
            "attestation\xA0: urn:uuid:6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40"));
    EXPECT_TRUE(has("https://passeur.example.fr/verifier/6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40"));
    const bool sentence = std::any_of(shown.begin(), shown.end(), [](const std::string& s) {
        return s.rfind(
                   "Scannez le code QR ou rendez-vous sur l\x92"
                   "adresse ci-dessous",
                   0) == 0;
    });
    EXPECT_TRUE(sentence);
    EXPECT_EQ(Count(*pdf, "/Encoding /WinAnsiEncoding"), 2U);
    EXPECT_NE(pdf->find("/BaseFont /Helvetica "), std::string::npos);
    EXPECT_NE(pdf->find("/BaseFont /Helvetica-Bold "), std::string::npos);
    EXPECT_NE(pdf->find("/FirstChar 32 /LastChar 255 /Widths [278 278 355"), std::string::npos);
}

TEST(CertificatePdf, EscapesParenthesesAndBackslashes) {
    CertificateInput input = SampleInput();
    input.badge_name = "Atelier (débutant) \\ niveau 1)";
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    EXPECT_NE(ContentStream(*pdf).find("(Atelier \\(d\xE9"
                                       "butant\\) \\\\ niveau 1\\)) Tj"),
              std::string::npos);
    ExpectValidStructure(*pdf);
}

TEST(CertificatePdf, ReplacesCharactersOutsideCp1252AndKeepsThemAsActualText) {
    CertificateInput input = SampleInput();
    input.learner_name = "Nguyễn Văn An";
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    const std::string content = ContentStream(*pdf);
    EXPECT_NE(content.find("(Nguy?n V?n An) Tj"), std::string::npos);
    EXPECT_NE(content.find(">> BDC\n/Span <</ActualText " + PdfTextString("Nguyễn Văn An") + ">> BDC\nBT\n"),
              std::string::npos);
    EXPECT_EQ(Count(content, "/ActualText"), 1U);  // only where something was replaced
    for (const char c : content) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(byte == '\n' || (byte >= 0x20 && byte != 0x7F)) << static_cast<int>(byte);
    }
}

TEST(CertificatePdf, WrapsLongNamesAndTruncatesWithAnEllipsis) {
    CertificateInput input = SampleInput();
    std::string long_name;
    while (long_name.size() < 280) long_name += "Médiation numérique et inclusion ";
    input.badge_name = long_name.substr(0, 280);
    input.issuer_name = std::string(kMaxCertificateNameBytes, 'W');
    input.competences[0].name = long_name.substr(0, 280);
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf) << pdf.error().message;
    ExpectValidStructure(*pdf);
    const auto shown = ShownStrings(ContentStream(*pdf));
    // The badge name: two bold 18 pt lines at most 722 pt wide, the second ending with "…".
    const auto first = std::find_if(shown.begin(), shown.end(), [](const std::string& s) {
        return s.rfind(
                   "M\xE9"
                   "diation num\xE9rique",
                   0) == 0;
    });
    ASSERT_NE(first, shown.end());
    ASSERT_NE(first + 1, shown.end());
    EXPECT_LE(TextWidth(PdfFont::kHelveticaBold, *first, 18), 722);
    EXPECT_LE(TextWidth(PdfFont::kHelveticaBold, *(first + 1), 18), 722);
    EXPECT_EQ((first + 1)->back(), '\x85');
}

TEST(CertificatePdf, HidesTheLearnerNameWhenEmpty) {
    CertificateInput input = SampleInput();
    input.learner_name = "";
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    const std::string content = ContentStream(*pdf);
    EXPECT_EQ(content.find("\xC9lodie"), std::string::npos);
    EXPECT_EQ(content.find("d\xE9"
                           "cern\xE9"
                           "e \xE0"),
              std::string::npos);
    EXPECT_NE(content.find("pour l\x92obtention du badge"), std::string::npos);
    ExpectValidStructure(*pdf);
}

TEST(CertificatePdf, ListsThirtyCompetencesWithAMoreLineWhenTheyDoNotFit) {
    CertificateInput input = SampleInput();
    input.competences.clear();
    for (int i = 1; i <= 30; ++i) {
        input.competences.push_back({"Compétence numéro " + std::to_string(i) +
                                         " : utiliser les outils collaboratifs en ligne avec aisance",
                                     "Niveau " + std::to_string(1 + i % 8)});
    }
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf) << pdf.error().message;
    ExpectValidStructure(*pdf);
    const std::string content = ContentStream(*pdf);
    const std::size_t bullets = Count(content, "/Lbl <<");
    ASSERT_GT(bullets, 4U);
    ASSERT_LT(bullets, 30U);
    const std::string more = "\x85 et " + std::to_string(30 - bullets) + " autres comp\xE9tences";
    EXPECT_NE(content.find(more), std::string::npos) << more;
    // Two columns: bullets at two different x positions.
    EXPECT_NE(content.find("(\x95)"), std::string::npos);
    EXPECT_NE(content.find("1 0 0 1 60 "), std::string::npos);
    EXPECT_NE(content.find("1 0 0 1 335 "), std::string::npos);
    // Listed items come in input order.
    EXPECT_LT(content.find("num\xE9ro 1 :"), content.find("num\xE9ro 2 :"));
}

TEST(CertificatePdf, FewShortCompetencesFitInOneColumn) {
    const auto pdf = Render(SampleInput());
    ASSERT_TRUE(pdf);
    const std::string content = ContentStream(*pdf);
    EXPECT_EQ(Count(content, "/Lbl <<"), 3U);
    EXPECT_EQ(content.find("autres comp"), std::string::npos);
    EXPECT_EQ(content.find("1 0 0 1 335 "), std::string::npos);
}

TEST(CertificatePdf, WithoutCompetencesHasNoListHeading) {
    CertificateInput input = SampleInput();
    input.competences.clear();
    input.expires_on.clear();
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    EXPECT_EQ(ContentStream(*pdf).find("Comp\xE9tences"), std::string::npos);
    EXPECT_EQ(ContentStream(*pdf).find("expiration"), std::string::npos);
    EXPECT_EQ(pdf->find("/S /L "), std::string::npos);
    ExpectValidStructure(*pdf);
}

TEST(CertificatePdf, DrawsTheQrCodeOfTheUrlAsVectorRectangles) {
    const CertificateInput input = SampleInput();
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    const auto qr = EncodeQr(input.verify_url);
    ASSERT_TRUE(qr);
    const std::string content = ContentStream(*pdf);
    std::smatch m;
    const std::regex square_re(
        "q\n1 1 1 rg\n([\\d.]+) ([\\d.]+) ([\\d.]+) ([\\d.]+) re f\n0 0 0 rg\n([\\d.]+) 0 0 -([\\d.]+) "
        "([\\d.]+) ([\\d.]+) cm\n");
    ASSERT_TRUE(std::regex_search(content, m, square_re));
    const double side = std::stod(m[3].str());
    const double module = std::stod(m[5].str());
    EXPECT_GE(side, 30 / 25.4 * 72);  // at least 30 mm, quiet zone included
    EXPECT_NEAR(module * (qr->size + 2 * kQrQuietZoneModules), side, 0.05);
    EXPECT_GE(std::stod(m[1].str()) + side, 0);
    EXPECT_LE(std::stod(m[1].str()) + side, 841.89 - 27);  // inside the frame
    // One rectangle per horizontal run of dark modules, offset by the quiet zone.
    int runs = 0;
    for (int y = 0; y < qr->size; ++y) {
        for (int x = 0; x < qr->size; ++x) {
            if (qr->At(x, y) && (x == 0 || !qr->At(x - 1, y))) ++runs;
        }
    }
    EXPECT_EQ(static_cast<int>(Count(content, " 1 re\n")), runs);
    EXPECT_NE(content.find("\n4 4 7 1 re\n"), std::string::npos);  // top row of the top-left finder
}

TEST(CertificatePdf, IsTaggedWithLanguageTitleAndAlternativeText) {
    const auto pdf = Render(SampleInput());
    ASSERT_TRUE(pdf);
    EXPECT_NE(pdf->find("/Lang (fr-FR)"), std::string::npos);
    EXPECT_NE(pdf->find("/MarkInfo << /Marked true >>"), std::string::npos);
    EXPECT_NE(pdf->find("/ViewerPreferences << /DisplayDocTitle true >>"), std::string::npos);
    EXPECT_NE(pdf->find("/StructTreeRoot "), std::string::npos);
    EXPECT_NE(pdf->find("/Title " + PdfTextString("Attestation de compétence – Accompagner les démarches "
                                                  "administratives en ligne")),
              std::string::npos);
    EXPECT_NE(pdf->find("/Producer (passeur)"), std::string::npos);
    EXPECT_NE(pdf->find("/CreationDate (D:20250312093000Z)"), std::string::npos);
    for (const std::string type :
         {"Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Figure", "Link"}) {
        EXPECT_NE(pdf->find("/Type /StructElem /S /" + type + " "), std::string::npos) << type;
    }
    EXPECT_NE(
        pdf->find("/Alt " +
                  PdfTextString("Code QR menant à la page de vérification de cette attestation\u00a0: "
                                "https://passeur.example.fr/verifier/6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40")),
        std::string::npos);
    EXPECT_NE(pdf->find("/A << /S /URI /URI (https://passeur.example.fr/verifier/"), std::string::npos);
    EXPECT_NE(pdf->find("/OBJR"), std::string::npos);
    EXPECT_NE(pdf->find("/Tabs /S"), std::string::npos);
    // Every marked-content id has its structure element in the parent tree, in order.
    const std::string content = ContentStream(*pdf);
    const std::size_t mcids = Count(content, "<</MCID ");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(*pdf, m, std::regex("/Nums \\[0 \\[([^\\]]*)\\] 1 (\\d+) 0 R\\]")));
    EXPECT_EQ(Count(m[1].str(), " 0 R"), mcids);
    for (std::size_t i = 0; i < mcids; ++i) {
        EXPECT_NE(content.find("<</MCID " + std::to_string(i) + ">>"), std::string::npos) << i;
    }
    EXPECT_NE(content.find("/Artifact <</Type /Layout>> BDC"), std::string::npos);
}

TEST(CertificatePdf, SpeaksEnglishWhenAsked) {
    CertificateInput input = SampleInput();
    input.lang = "en";
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    const std::string content = ContentStream(*pdf);
    EXPECT_NE(pdf->find("/Lang (en)"), std::string::npos);
    EXPECT_NE(content.find("(Certificate of achievement)"), std::string::npos);
    EXPECT_NE(content.find("(Date awarded: 12 mars 2025)"), std::string::npos);
    EXPECT_NE(content.find("(Competences)"), std::string::npos);
    EXPECT_EQ(content.find("Attestation"), std::string::npos);
}

TEST(CertificatePdf, UsesTheCallersLabels) {
    CertificateInput input = SampleInput();
    input.labels.heading = "Certificat de réussite";
    input.labels.competences = "Savoir-faire";
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf);
    const std::string content = ContentStream(*pdf);
    EXPECT_NE(content.find("(Certificat de r\xE9ussite)"), std::string::npos);
    EXPECT_NE(content.find("(Savoir-faire)"), std::string::npos);
    EXPECT_NE(content.find("(Open Badge)"), std::string::npos);  // the others stay the defaults
    EXPECT_EQ(DefaultCertificateLabels("fr").heading, "Attestation de compétence");
    EXPECT_EQ(DefaultCertificateLabels("en").heading, "Certificate of achievement");
}

TEST(CertificatePdf, IsDeterministic) {
    const auto a = Render(SampleInput());
    const auto b = Render(SampleInput());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    CertificateInput other = SampleInput();
    other.credential_id = "urn:uuid:00000000-0000-4000-8000-000000000000";
    const auto c = Render(other);
    ASSERT_TRUE(c);
    EXPECT_NE(*a, *c);
    CertificateInput undated = SampleInput();
    undated.creation_date.clear();
    const auto d = Render(undated);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->find("/CreationDate"), std::string::npos);
    EXPECT_EQ(d->find("D:20"), std::string::npos);
}

void ExpectRefused(const CertificateInput& input, const std::string& field) {
    const auto pdf = Render(input);
    ASSERT_FALSE(pdf) << field;
    EXPECT_EQ(pdf.error().code, core::ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(pdf.error().field, field) << pdf.error().message;
    EXPECT_FALSE(pdf.error().message.empty());
}

TEST(CertificatePdf, RefusesInvalidInput) {
    CertificateInput input = SampleInput();
    input.lang = "de";
    ExpectRefused(input, "lang");
    input = SampleInput();
    input.badge_name = "  \t ";
    ExpectRefused(input, "badge_name");
    input = SampleInput();
    input.issuer_name.clear();
    ExpectRefused(input, "issuer_name");
    input = SampleInput();
    input.learner_name = std::string(kMaxCertificateNameBytes + 1, 'a');
    ExpectRefused(input, "learner_name");
    input = SampleInput();
    input.learner_name = "Jos\xE9";  // Latin-1, not UTF-8
    ExpectRefused(input, "learner_name");
    input = SampleInput();
    input.competences.assign(kMaxCertificateCompetences + 1, {"Compétence", "Niveau 1"});
    ExpectRefused(input, "competences");
    input = SampleInput();
    input.competences[2].name = "";
    ExpectRefused(input, "competences[2].name");
    input = SampleInput();
    input.competences[1].level = std::string(kMaxCertificateShortBytes + 1, '1');
    ExpectRefused(input, "competences[1].level");
    input = SampleInput();
    input.awarded_on.clear();
    ExpectRefused(input, "awarded_on");
    input = SampleInput();
    input.credential_id = std::string(kMaxCertificateIdBytes + 1, 'x');
    ExpectRefused(input, "credential_id");
    const std::string bad_urls[] = {"",
                                    "ftp://passeur.example.fr/v/1",
                                    "javascript:alert(1)",
                                    "https://passeur.example.fr/v/a b",
                                    "https://passeur.example.fr/vérifier",
                                    "https://" + std::string(kMaxCertificateUrlBytes, 'a')};
    for (const std::string& url : bad_urls) {
        input = SampleInput();
        input.verify_url = url;
        ExpectRefused(input, "verify_url");
    }
    const std::string bad_dates[] = {"2025-03-12", "2025-13-12T09:30:00Z", "2025-03-12T24:00:00Z",
                                     "2025-03-12T09:30:00+01:00", "2025-03-12T09:30:0aZ"};
    for (const std::string& date : bad_dates) {
        input = SampleInput();
        input.creation_date = date;
        ExpectRefused(input, "creation_date");
    }
    input = SampleInput();
    input.labels.heading = std::string(kMaxCertificateLabelBytes + 1, 'h');
    ExpectRefused(input, "labels.heading");
}

TEST(CertificatePdf, AcceptsTheLargestInputs) {
    CertificateInput input = SampleInput();
    input.badge_name = std::string(kMaxCertificateNameBytes, 'W');
    input.learner_name = std::string(kMaxCertificateNameBytes, 'W');
    input.issuer_name = std::string(kMaxCertificateNameBytes, 'W');
    input.competences.assign(kMaxCertificateCompetences, {std::string(kMaxCertificateNameBytes, 'W'),
                                                          std::string(kMaxCertificateShortBytes, 'W')});
    input.awarded_on = std::string(kMaxCertificateShortBytes, 'W');
    input.expires_on = std::string(kMaxCertificateShortBytes, 'W');
    input.credential_id = std::string(kMaxCertificateIdBytes, 'W');
    input.verify_url = "https://" + std::string(kMaxCertificateUrlBytes - 8, '@');
    input.labels.verify_sentence = std::string(kMaxCertificateLabelBytes, 'W');
    const auto pdf = Render(input);
    ASSERT_TRUE(pdf) << pdf.error().message;
    ExpectValidStructure(*pdf);
    const std::string content = ContentStream(*pdf);
    // The URL is never shortened, even at its widest (6 lines of '@').
    std::string url_text;
    for (const std::string& s : ShownStrings(content)) {
        if (s.find('@') != std::string::npos) url_text += s;
    }
    EXPECT_EQ(url_text, input.verify_url);
    // Some competences are listed, the rest is counted.
    EXPECT_GE(Count(content, "/Lbl <<"), 2U);
    EXPECT_NE(content.find("autres comp\xE9tences"), std::string::npos);
    // Text baselines stay above the bottom of the frame.
    const std::regex tm_re("1 0 0 1 (-?[\\d.]+) (-?[\\d.]+) Tm");
    for (auto it = std::sregex_iterator(content.begin(), content.end(), tm_re); it != std::sregex_iterator();
         ++it) {
        EXPECT_GE(std::stod((*it)[2].str()), 40.0);
        EXPECT_GE(std::stod((*it)[1].str()), 30.0);
    }
}

TEST(CertificatePdf, SurvivesArbitraryBytes) {
    std::mt19937 random(20250312);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 90);
    const auto noise = [&] {
        std::string s(static_cast<std::size_t>(length(random)), '\0');
        for (char& c : s) c = static_cast<char>(byte(random));
        return s;
    };
    int rendered = 0;
    for (int round = 0; round < 200; ++round) {
        CertificateInput input = SampleInput();
        input.badge_name = noise();
        input.learner_name = noise();
        input.issuer_name = noise();
        input.competences[0].name = noise();
        input.credential_id = noise();
        if (round % 2 == 0) {
            // Valid UTF-8 within the bounds: ASCII (controls included) and "é" for the other bytes.
            for (std::string* s : {&input.badge_name, &input.learner_name, &input.issuer_name,
                                   &input.competences[0].name, &input.credential_id}) {
                std::string ascii;
                for (const char c : *s)
                    ascii += static_cast<unsigned char>(c) < 0x80 ? std::string(1, c) : "é";
                *s = "x" + ascii;
            }
        }
        const auto pdf = Render(input);
        if (!pdf) {
            EXPECT_EQ(pdf.error().code, core::ErrorCode::kInvalidArgument);
            continue;
        }
        ++rendered;
        ExpectValidStructure(*pdf);
    }
    EXPECT_GE(rendered, 100);
}

}  // namespace
}  // namespace passeur::certificate
