// The certificate checked by independent tools: qpdf --check (syntax, xref, streams), poppler's
// pdftotext / pdfinfo (the text a reader or a screen reader gets back, the title, the tags) and
// ZBar (the QR code on the rendered page scans back to the URL). Each test is skipped when its
// tools are absent (Debian packages qpdf, poppler-utils, zbar-tools).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "certificate/certificate_pdf.hpp"
#include "certificate_support.hpp"

namespace passeur::certificate {
namespace {

bool HasProgram(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs `command` through the shell; returns its standard output and sets `status` to the exit code.
std::string RunCommand(const std::string& command, int& status) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        status = -1;
        return output;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int raw = pclose(pipe);
    status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return output;
}

// The value of "Name:   value" in pdfinfo's output ("" when absent).
std::string InfoField(const std::string& info, const std::string& name) {
    const std::string text = "\n" + info;
    const std::size_t at = text.find("\n" + name + ":");
    if (at == std::string::npos) return {};
    const std::size_t value = text.find_first_not_of(' ', at + name.size() + 2);
    if (value == std::string::npos) return {};
    return text.substr(value, text.find('\n', value) - value);
}

std::string WritePdf(const CertificateInput& input, const std::string& name) {
    const auto pdf = RenderCertificatePdf(input);
    EXPECT_TRUE(pdf) << pdf.error().message;
    if (!pdf) return {};
    const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
    std::ofstream(path, std::ios::binary) << *pdf;
    return path.string();
}

CertificateInput ToolInput() {
    CertificateInput input = test_support::SampleInput();
    input.learner_name = "Nguyễn Văn Élodie (promo « 2025 »)";
    return input;
}

TEST(PdfTools, QpdfFindsNoError) {
    if (!HasProgram("qpdf")) GTEST_SKIP() << "qpdf is not installed (Debian package qpdf)";
    for (const auto& [input, name] :
         {std::pair{ToolInput(), "cert_fr.pdf"}, std::pair{test_support::SampleInput(), "cert_sample.pdf"}}) {
        const std::string path = WritePdf(input, name);
        ASSERT_FALSE(path.empty());
        int status = 0;
        const std::string out = RunCommand("qpdf --check '" + path + "' 2>&1", status);
        EXPECT_EQ(status, 0) << out;  // 0: no errors and no warnings (3 would be warnings)
        EXPECT_NE(out.find("No syntax or stream encoding errors found"), std::string::npos) << out;
    }
}

TEST(PdfTools, PdftotextReadsTheTextBack) {
    if (!HasProgram("pdftotext")) GTEST_SKIP() << "pdftotext is not installed (Debian package poppler-utils)";
    const std::string path = WritePdf(ToolInput(), "cert_text.pdf");
    ASSERT_FALSE(path.empty());
    int status = 0;
    const std::string text = RunCommand("pdftotext -enc UTF-8 '" + path + "' - 2>&1", status);
    ASSERT_EQ(status, 0) << text;
    for (const std::string expected :
         {"Attestation de compétence", "Open Badge", "décernée à", "pour l’obtention du badge",
          "Accompagner les démarches administratives en ligne", "Délivré par Hub numérique Hauts-de-France",
          "Compétences", "Sécuriser l’équipement et les données – Niveau 3 – Intermédiaire",
          "Date de délivrance", "12 mars 2025", "Date d’expiration", "12 mars 2028",
          "urn:uuid:6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40", "Scannez le code QR ou rendez-vous sur",
          "pour vérifier cette attestation",
          "https://passeur.example.fr/verifier/6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40",
          // Outside cp1252: drawn as '?', read back from /ActualText.
          "Nguyễn Văn Élodie (promo « 2025 »)"}) {
        EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n--- pdftotext:\n" << text;
    }
}

TEST(PdfTools, PdfinfoSeesTitleTagsAndA4Landscape) {
    if (!HasProgram("pdfinfo")) GTEST_SKIP() << "pdfinfo is not installed (Debian package poppler-utils)";
    const std::string path = WritePdf(ToolInput(), "cert_info.pdf");
    ASSERT_FALSE(path.empty());
    int status = 0;
    const std::string info = RunCommand("pdfinfo '" + path + "' 2>&1", status);
    ASSERT_EQ(status, 0) << info;
    EXPECT_EQ(InfoField(info, "Title"),
              "Attestation de compétence – Accompagner les démarches administratives en ligne");
    EXPECT_EQ(InfoField(info, "Producer"), "passeur");
    EXPECT_EQ(InfoField(info, "Author"), "Hub numérique Hauts-de-France");
    EXPECT_EQ(InfoField(info, "Tagged"), "yes");
    EXPECT_EQ(InfoField(info, "Pages"), "1");
    EXPECT_EQ(InfoField(info, "Page size"), "841.89 x 595.276 pts (A4)");
    EXPECT_EQ(InfoField(info, "PDF version"), "1.7");
    EXPECT_EQ(InfoField(info, "CreationDate").substr(0, 24), "Wed Mar 12 09:30:00 2025");
}

// The QR code printed on the page scans back to the verification URL (rendered at 150 dpi, about
// a print, then read by ZBar).
TEST(PdfTools, QrCodeScansBackToTheUrl) {
    if (!HasProgram("pdftoppm") || !HasProgram("zbarimg")) {
        GTEST_SKIP() << "pdftoppm or zbarimg is not installed (Debian packages poppler-utils, zbar-tools)";
    }
    CertificateInput long_url = test_support::SampleInput();
    long_url.verify_url =
        "https://passeur.example.fr/verifier/" + std::string(kMaxCertificateUrlBytes - 36, 'z');
    for (const auto& [input, name] :
         {std::pair{test_support::SampleInput(), "cert_qr_short"}, std::pair{long_url, "cert_qr_long"}}) {
        const std::string path = WritePdf(input, std::string(name) + ".pdf");
        ASSERT_FALSE(path.empty());
        const std::string png_prefix = path.substr(0, path.size() - 4);
        int status = 0;
        const std::string rendered =
            RunCommand("pdftoppm -r 150 -png -singlefile '" + path + "' '" + png_prefix + "' 2>&1", status);
        ASSERT_EQ(status, 0) << rendered;
        const std::string scanned =
            RunCommand("zbarimg -q --raw '" + png_prefix + ".png' 2>/dev/null", status);
        EXPECT_EQ(status, 0);
        EXPECT_EQ(scanned, input.verify_url + "\n");
    }
}

}  // namespace
}  // namespace passeur::certificate
