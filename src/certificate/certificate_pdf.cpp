#include "certificate/certificate_pdf.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "certificate/helvetica_metrics.hpp"
#include "certificate/pdf_writer.hpp"
#include "certificate/qr.hpp"
#include "certificate/text_layout.hpp"
#include "certificate/win_ansi.hpp"
#include "core/encoding.hpp"
#include "core/unicode.hpp"

namespace passeur::certificate {
namespace {

// Page geometry, in points (1 pt = 1/72 in). A4 landscape: 297 x 210 mm.
constexpr double kPageWidth = 841.89;
constexpr double kPageHeight = 595.276;
constexpr double kLeft = 60;
constexpr double kRight = kPageWidth - 60;
constexpr double kCenter = kPageWidth / 2;
constexpr double kFullWidth = kRight - kLeft;
// Lower part: text on the left, the QR code in the bottom right corner.
constexpr double kQrSide = 140;  // 49.4 mm, quiet zone included
constexpr double kQrBottom = 44;
constexpr double kLeftColumnWidth = 530;
constexpr double kBottomBaseline = 48;
constexpr double kListLeading = 12.5;
constexpr double kListSize = 10;
constexpr double kListIndent = 11;
constexpr double kListColumnGap = 20;

// Colours: DSFR "bleu France" #000091 and the text grey #161616.
constexpr std::string_view kBlue = "0 0 0.569";
constexpr std::string_view kText = "0.086 0.086 0.086";
constexpr std::string_view kMuted = "0.227 0.227 0.227";

std::string Trimmed(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

core::Result<void> CheckText(std::string_view value, std::string_view field, std::size_t max_bytes,
                             bool required) {
    if (value.size() > max_bytes) {
        return core::Fail(core::Error::InvalidArgument(
            std::string(field) + " is " + std::to_string(value.size()) + " bytes long, more than the " +
                std::to_string(max_bytes) + " allowed",
            std::string(field)));
    }
    if (!core::IsValidUtf8(value)) {
        return core::Fail(
            core::Error::InvalidArgument(std::string(field) + " is not valid UTF-8", std::string(field)));
    }
    if (required && Trimmed(value).empty()) {
        return core::Fail(
            core::Error::InvalidArgument(std::string(field) + " is required", std::string(field)));
    }
    return core::Ok();
}

core::Result<void> CheckUrl(std::string_view url) {
    PASSEUR_TRY(CheckText(url, "verify_url", kMaxCertificateUrlBytes, true));
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
        return core::Fail(
            core::Error::InvalidArgument("verify_url must start with https:// or http://", "verify_url"));
    }
    for (const char c : url) {
        if (c <= ' ' || c > '~') {
            return core::Fail(core::Error::InvalidArgument(
                "verify_url must be printable ASCII without spaces (percent-encode the rest)", "verify_url"));
        }
    }
    return core::Ok();
}

// "YYYY-MM-DDTHH:MM:SSZ" -> "D:YYYYMMDDHHmmSSZ" (PDF 1.7 §7.9.4).
core::Result<std::string> PdfDate(std::string_view iso) {
    const auto fail = [] {
        return core::Fail(core::Error::InvalidArgument(
            "creation_date must look like 2025-03-12T09:30:00Z (UTC)", "creation_date"));
    };
    if (iso.size() != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' ||
        iso[16] != ':' || iso[19] != 'Z') {
        return fail();
    }
    std::string digits;
    static constexpr std::size_t kDigitAt[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    for (const std::size_t i : kDigitAt) {
        if (iso[i] < '0' || iso[i] > '9') return fail();
        digits += iso[i];
    }
    const auto number = [&](std::size_t at) { return (digits[at] - '0') * 10 + (digits[at + 1] - '0'); };
    const int month = number(4);
    const int day = number(6);
    if (month < 1 || month > 12 || day < 1 || day > 31 || number(8) > 23 || number(10) > 59 ||
        number(12) > 59) {
        return fail();
    }
    return "D:" + digits + "Z";
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
    std::size_t at = 0;
    while ((at = text.find(from, at)) != std::string::npos) {
        text.replace(at, from.size(), to);
        at += to.size();
    }
    return text;
}

CertificateLabels MergedLabels(const CertificateInput& input) {
    CertificateLabels labels = DefaultCertificateLabels(input.lang);
    const auto take = [](std::string& target, const std::string& given) {
        if (!Trimmed(given).empty()) target = given;
    };
    const CertificateLabels& given = input.labels;
    take(labels.heading, given.heading);
    take(labels.kind, given.kind);
    take(labels.awarded_to, given.awarded_to);
    take(labels.for_badge, given.for_badge);
    take(labels.issued_by, given.issued_by);
    take(labels.competences, given.competences);
    take(labels.awarded_on, given.awarded_on);
    take(labels.expires_on, given.expires_on);
    take(labels.credential_id, given.credential_id);
    take(labels.verify_sentence, given.verify_sentence);
    take(labels.qr_alt, given.qr_alt);
    take(labels.more_one, given.more_one);
    take(labels.more_many, given.more_many);
    return labels;
}

core::Result<void> CheckLabels(const CertificateLabels& labels) {
    const std::pair<const std::string*, std::string_view> fields[] = {
        {&labels.heading, "labels.heading"},
        {&labels.kind, "labels.kind"},
        {&labels.awarded_to, "labels.awarded_to"},
        {&labels.for_badge, "labels.for_badge"},
        {&labels.issued_by, "labels.issued_by"},
        {&labels.competences, "labels.competences"},
        {&labels.awarded_on, "labels.awarded_on"},
        {&labels.expires_on, "labels.expires_on"},
        {&labels.credential_id, "labels.credential_id"},
        {&labels.verify_sentence, "labels.verify_sentence"},
        {&labels.qr_alt, "labels.qr_alt"},
        {&labels.more_one, "labels.more_one"},
        {&labels.more_many, "labels.more_many"},
    };
    for (const auto& [value, field] : fields)
        PASSEUR_TRY(CheckText(*value, field, kMaxCertificateLabelBytes, false));
    return core::Ok();
}

core::Result<void> Validate(const CertificateInput& input) {
    if (input.lang != "fr" && input.lang != "en") {
        return core::Fail(core::Error::InvalidArgument("lang must be \"fr\" or \"en\"", "lang"));
    }
    PASSEUR_TRY(CheckText(input.badge_name, "badge_name", kMaxCertificateNameBytes, true));
    PASSEUR_TRY(CheckText(input.learner_name, "learner_name", kMaxCertificateNameBytes, false));
    PASSEUR_TRY(CheckText(input.issuer_name, "issuer_name", kMaxCertificateNameBytes, true));
    if (input.competences.size() > kMaxCertificateCompetences) {
        return core::Fail(core::Error::InvalidArgument(
            "competences holds " + std::to_string(input.competences.size()) + " entries, more than the " +
                std::to_string(kMaxCertificateCompetences) + " allowed",
            "competences"));
    }
    for (std::size_t i = 0; i < input.competences.size(); ++i) {
        const std::string prefix = "competences[" + std::to_string(i) + "]";
        PASSEUR_TRY(CheckText(input.competences[i].name, prefix + ".name", kMaxCertificateNameBytes, true));
        PASSEUR_TRY(
            CheckText(input.competences[i].level, prefix + ".level", kMaxCertificateShortBytes, false));
    }
    PASSEUR_TRY(CheckText(input.awarded_on, "awarded_on", kMaxCertificateShortBytes, true));
    PASSEUR_TRY(CheckText(input.expires_on, "expires_on", kMaxCertificateShortBytes, false));
    PASSEUR_TRY(CheckText(input.credential_id, "credential_id", kMaxCertificateIdBytes, true));
    PASSEUR_TRY(CheckUrl(input.verify_url));
    PASSEUR_TRY(CheckText(input.creation_date, "creation_date", kMaxCertificateDateInputBytes, false));
    PASSEUR_TRY(CheckLabels(input.labels));
    return core::Ok();
}

// A paragraph's text: the cp1252 bytes to draw and, when some characters became '?', the
// original text for /ActualText.
struct Text {
    std::string bytes;
    std::string actual_text;  // empty when `bytes` says it all
};

Text Prepare(std::string_view utf8) {
    std::string clean = core::ToNfc(Trimmed(utf8));
    WinAnsiText encoded = Utf8ToWinAnsi(clean);
    Text text;
    text.bytes = std::move(encoded.bytes);
    if (encoded.replaced > 0) {
        for (char& c : clean) {
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
        }
        text.actual_text = std::move(clean);
    }
    return text;
}

enum class Align { kLeft, kCenter };

struct Style {
    PdfFont font = PdfFont::kHelvetica;
    double size = 10;
    double leading = 12;
    std::string_view color = kText;
};

// The page's content stream and its structure tree, built together so that every marked-content
// sequence has its structure element.
class Page {
public:
    struct Node {
        std::string type;              // standard structure type: Document, H1, P, L, LI...
        int parent = -1;               // index in nodes_, -1 for the Document
        std::vector<int> kids;         // child nodes
        std::vector<int> mcids;        // marked content of this node, in order
        std::string alt;               // /Alt (UTF-8), for figures
        std::string attributes;        // /A value, for figures
        bool link_annotation = false;  // has the link annotation as an OBJR kid
    };

    Page() { nodes_.push_back(Node{"Document", -1, {}, {}, {}, {}, false}); }

    int AddNode(std::string type, int parent) {
        nodes_.push_back(Node{std::move(type), parent, {}, {}, {}, {}, false});
        const int index = static_cast<int>(nodes_.size()) - 1;
        nodes_[static_cast<std::size_t>(parent)].kids.push_back(index);
        return index;
    }
    Node& node(int index) { return nodes_[static_cast<std::size_t>(index)]; }
    const std::vector<Node>& nodes() const { return nodes_; }
    const std::vector<int>& mcid_owners() const { return mcid_owners_; }
    std::string& content() { return content_; }

    // Opens a marked-content sequence belonging to `node_index`.
    void BeginMarked(int node_index, const std::string& actual_text) {
        const int mcid = static_cast<int>(mcid_owners_.size());
        mcid_owners_.push_back(node_index);
        node(node_index).mcids.push_back(mcid);
        content_ += "/" + node(node_index).type + " <</MCID " + std::to_string(mcid) + ">> BDC\n";
        // PDF 1.7 §14.9.4: replacement text goes on a nested Span sequence.
        if (!actual_text.empty())
            content_ += "/Span <</ActualText " + PdfTextString(actual_text) + ">> BDC\n";
        open_spans_.push_back(!actual_text.empty());
    }
    void EndMarked() {
        if (!open_spans_.empty() && open_spans_.back()) content_ += "EMC\n";
        if (!open_spans_.empty()) open_spans_.pop_back();
        content_ += "EMC\n";
    }
    void BeginArtifact() {
        content_ += "/Artifact <</Type /Layout>> BDC\n";
        open_spans_.push_back(false);
    }

    // Draws `lines` (cp1252), the first baseline at `y`, each next one `style.leading` lower.
    // `x` is the left edge (kLeft) or the centre (kCenter).
    void DrawLines(const std::vector<std::string>& lines, const Style& style, Align align, double x,
                   double y) {
        content_ += "BT\n/" + std::string(style.font == PdfFont::kHelveticaBold ? "F2" : "F1") + " " +
                    PdfNumber(style.size) + " Tf\n" + std::string(style.color) + " rg\n";
        for (const std::string& line : lines) {
            const double left = align == Align::kCenter ? x - TextWidth(style.font, line, style.size) / 2 : x;
            content_ +=
                "1 0 0 1 " + PdfNumber(left) + " " + PdfNumber(y) + " Tm " + PdfLiteral(line) + " Tj\n";
            y -= style.leading;
        }
        content_ += "ET\n";
    }

    // A paragraph-like element of type `type` under `parent` holding `lines`.
    int Block(std::string type, int parent, const Text& text, const std::vector<std::string>& lines,
              const Style& style, Align align, double x, double y) {
        const int index = AddNode(std::move(type), parent);
        BeginMarked(index, text.actual_text);
        DrawLines(lines, style, align, x, y);
        EndMarked();
        return index;
    }

private:
    std::vector<Node> nodes_;
    std::vector<int> mcid_owners_;  // MCID -> node index
    std::vector<bool> open_spans_;  // per open sequence: whether an ActualText Span is nested in it
    std::string content_;
};

// One competence of the list, wrapped for a given column width.
struct ListItem {
    Text text;
    std::vector<std::string> lines;
};

// WrapText, with one empty line for text that is blank once encoded (e.g. only U+3000 spaces), so
// that every block has a first baseline.
std::vector<std::string> Wrap(const Text& text, const Style& style, double width, std::size_t max_lines) {
    std::vector<std::string> lines = WrapText(text.bytes, style.font, style.size, width, max_lines).lines;
    if (lines.empty()) lines.emplace_back();
    return lines;
}

std::vector<ListItem> WrapItems(const std::vector<Text>& texts, double width) {
    std::vector<ListItem> items;
    for (const Text& text : texts) {
        items.push_back(
            {text, Wrap(text, Style{PdfFont::kHelvetica, kListSize, kListLeading, kText}, width, 2)});
    }
    return items;
}

// Where each list item goes: column index and first baseline; items past `placed` do not fit.
struct ListPlan {
    std::vector<std::pair<int, double>> positions;
    std::size_t placed = 0;
    int more_column = -1;  // where the "… and N more" text (2 lines at most) goes (-1: none)
    double more_y = 0;
};

ListPlan PlanList(const std::vector<ListItem>& items, int columns, double top, double bottom) {
    ListPlan plan;
    int column = 0;
    double y = top;
    for (const ListItem& item : items) {
        const double last = y - static_cast<double>(item.lines.size() - 1) * kListLeading;
        if (last < bottom - 0.01) {
            if (column + 1 >= columns) break;
            ++column;
            y = top;
        }
        plan.positions.emplace_back(column, y);
        y -= static_cast<double>(item.lines.size()) * kListLeading;
        ++plan.placed;
    }
    if (plan.placed < items.size()) {
        // Keep two lines free for the "… and N more" line, dropping items until there is room.
        while (plan.placed > 0) {
            const auto& [col, first] = plan.positions[plan.placed - 1];
            const double after =
                first - static_cast<double>(items[plan.placed - 1].lines.size()) * kListLeading;
            if (after - kListLeading >= bottom - 0.01) {
                plan.more_column = col;
                plan.more_y = after;
                break;
            }
            plan.positions.pop_back();
            --plan.placed;
        }
        if (plan.placed == 0) {
            plan.more_column = 0;
            plan.more_y = top;
        }
    }
    return plan;
}

std::string FontObject(PdfFont font) {
    std::string widths;
    for (int code = 32; code <= 255; ++code) {
        if (!widths.empty()) widths += (code - 32) % 16 == 0 ? "\n" : " ";
        widths += std::to_string(GlyphWidth(font, static_cast<unsigned char>(code)));
    }
    return "<< /Type /Font /Subtype /Type1 /BaseFont /" + std::string(BaseFontName(font)) +
           " /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [" + widths + "] >>";
}

std::string Rect(double x0, double y0, double x1, double y1) {
    return "[" + PdfNumber(x0) + " " + PdfNumber(y0) + " " + PdfNumber(x1) + " " + PdfNumber(y1) + "]";
}

}  // namespace

CertificateLabels DefaultCertificateLabels(std::string_view lang) {
    if (lang == "en") {
        return {
            .heading = "Certificate of achievement",
            .kind = "Open Badge",
            .awarded_to = "awarded to",
            .for_badge = "for earning the badge",
            .issued_by = "Issued by",
            .competences = "Competences",
            .awarded_on = "Date awarded",
            .expires_on = "Expiry date",
            .credential_id = "Credential ID",
            .verify_sentence = "Scan the QR code or go to the address below to verify this certificate:",
            .qr_alt = "QR code linking to the verification page of this certificate: {url}",
            .more_one = "\u2026 and {n} more competence, listed on the verification page",
            .more_many = "\u2026 and {n} more competences, listed on the verification page",
        };
    }
    return {
        .heading = "Attestation de compétence",
        .kind = "Open Badge",
        .awarded_to = "décernée à",
        .for_badge = "pour l\u2019obtention du badge",
        .issued_by = "Délivré par",
        .competences = "Compétences",
        .awarded_on = "Date de délivrance",
        .expires_on = "Date d\u2019expiration",
        .credential_id = "Identifiant de l\u2019attestation",
        .verify_sentence =
            "Scannez le code QR ou rendez-vous sur l\u2019adresse ci-dessous pour vérifier cette "
            "attestation\u00a0:",
        .qr_alt = "Code QR menant à la page de vérification de cette attestation\u00a0: {url}",
        .more_one = "\u2026 et {n} autre compétence, détaillée sur la page de vérification",
        .more_many = "\u2026 et {n} autres compétences, détaillées sur la page de vérification",
    };
}

core::Result<std::string> RenderCertificatePdf(const CertificateInput& input) {
    PASSEUR_TRY(Validate(input));
    std::string creation_date;
    if (!Trimmed(input.creation_date).empty()) {
        auto date = PdfDate(Trimmed(input.creation_date));
        if (!date) return tl::unexpected(date.error());
        creation_date = std::move(*date);
    }
    auto qr = EncodeQr(input.verify_url);
    if (!qr) return tl::unexpected(qr.error());

    const CertificateLabels labels = MergedLabels(input);
    const bool french = input.lang == "fr";
    const std::string colon = french ? "\u00a0: " : ": ";
    const int doc = 0;
    Page page;
    std::string& out = page.content();

    // Decorative frame and rule: artifacts, skipped by assistive technology.
    page.BeginArtifact();
    out += std::string(kBlue) + " RG\n2 w\n" + PdfNumber(20) + " " + PdfNumber(20) + " " +
           PdfNumber(kPageWidth - 40) + " " + PdfNumber(kPageHeight - 40) + " re S\n0.75 w\n" +
           PdfNumber(27) + " " + PdfNumber(27) + " " + PdfNumber(kPageWidth - 54) + " " +
           PdfNumber(kPageHeight - 54) + " re S\n1 w\n" + PdfNumber(kCenter - 60) + " 490 m " +
           PdfNumber(kCenter + 60) + " 490 l S\n";
    page.EndMarked();

    // Top block, centred.
    const Style h1{PdfFont::kHelveticaBold, 26, 30, kBlue};
    const Style kind{PdfFont::kHelvetica, 12, 15, kMuted};
    const Style lead_in{PdfFont::kHelvetica, 11, 14, kMuted};
    const Style name{PdfFont::kHelveticaBold, 22, 26, kText};
    const Style badge{PdfFont::kHelveticaBold, 18, 22, kText};
    const Style issuer{PdfFont::kHelvetica, 12, 15, kText};

    const auto one_line = [&](const Text& text, const Style& style, double width) {
        return std::vector<std::string>{FitLine(text.bytes, style.font, style.size, width)};
    };
    const Text heading = Prepare(labels.heading);
    page.Block("H1", doc, heading, one_line(heading, h1, kFullWidth), h1, Align::kCenter, kCenter, 524);
    const Text kind_text = Prepare(labels.kind);
    page.Block("P", doc, kind_text, one_line(kind_text, kind, kFullWidth), kind, Align::kCenter, kCenter,
               503);

    double y = 466;
    if (!Trimmed(input.learner_name).empty()) {
        const Text awarded_to = Prepare(labels.awarded_to);
        page.Block("P", doc, awarded_to, one_line(awarded_to, lead_in, kFullWidth), lead_in, Align::kCenter,
                   kCenter, y);
        const Text learner = Prepare(input.learner_name);
        page.Block("P", doc, learner, one_line(learner, name, kFullWidth), name, Align::kCenter, kCenter,
                   y - 26);
        y -= 56;
    }
    const Text for_badge = Prepare(labels.for_badge);
    page.Block("P", doc, for_badge, one_line(for_badge, lead_in, kFullWidth), lead_in, Align::kCenter,
               kCenter, y);
    const Text badge_text = Prepare(input.badge_name);
    const auto badge_lines = Wrap(badge_text, badge, kFullWidth, 2);
    page.Block("P", doc, badge_text, badge_lines, badge, Align::kCenter, kCenter, y - 24);
    y -= 24 + static_cast<double>(badge_lines.size() - 1) * badge.leading + 28;
    const Text issuer_text = Prepare(labels.issued_by + " " + input.issuer_name);
    const auto issuer_lines = Wrap(issuer_text, issuer, kFullWidth, 2);
    page.Block("P", doc, issuer_text, issuer_lines, issuer, Align::kCenter, kCenter, y);
    y -= static_cast<double>(issuer_lines.size() - 1) * issuer.leading;
    const double middle_top = y - 30;

    // Bottom block (left column), laid out from the bottom up; drawn after the list for reading order.
    const Style small{PdfFont::kHelvetica, 9, 11, kText};
    const Style url_style{PdfFont::kHelvetica, 8.5, 10.5, kBlue};
    const Style sentence_style{PdfFont::kHelvetica, 9.5, 12, kText};
    const Style date_style{PdfFont::kHelvetica, 10.5, 14, kText};
    const Text url_text = Prepare(input.verify_url);
    const auto url_lines = Wrap(url_text, url_style, kLeftColumnWidth, 6);
    const Text sentence = Prepare(labels.verify_sentence);
    const auto sentence_lines = Wrap(sentence, sentence_style, kLeftColumnWidth, 2);
    const Text id_text = Prepare(labels.credential_id + colon + input.credential_id);
    const auto id_lines = Wrap(id_text, small, kLeftColumnWidth, 2);
    const bool has_expiry = !Trimmed(input.expires_on).empty();
    const Text awarded_text = Prepare(labels.awarded_on + colon + input.awarded_on);
    const Text expires_text = Prepare(labels.expires_on + colon + input.expires_on);

    const double url_first = kBottomBaseline + static_cast<double>(url_lines.size() - 1) * url_style.leading;
    const double sentence_first =
        url_first + 13 + static_cast<double>(sentence_lines.size() - 1) * sentence_style.leading;
    const double id_first = sentence_first + 18 + static_cast<double>(id_lines.size() - 1) * small.leading;
    const double expires_y = id_first + 15;
    const double awarded_y = has_expiry ? expires_y + date_style.leading : expires_y;
    const double bottom_top = awarded_y + 10;

    // Competences: one column, or two when one is not enough, then "… and N more".
    if (!input.competences.empty()) {
        const Style h2{PdfFont::kHelveticaBold, 13, 16, kBlue};
        const Text title = Prepare(labels.competences);
        page.Block("H2", doc, title, one_line(title, h2, kLeftColumnWidth), h2, Align::kLeft, kLeft,
                   middle_top);
        std::vector<Text> texts;
        for (const CertificateCompetence& competence : input.competences) {
            std::string line = Trimmed(competence.name);
            if (!Trimmed(competence.level).empty()) line += " \u2013 " + Trimmed(competence.level);
            texts.push_back(Prepare(line));
        }
        const double top = middle_top - 19;
        const double bottom = bottom_top + 16;
        const double column_width = (kLeftColumnWidth - kListColumnGap) / 2;
        int columns = 1;
        std::vector<ListItem> items = WrapItems(texts, kLeftColumnWidth - kListIndent);
        ListPlan plan = PlanList(items, columns, top, bottom);
        if (plan.placed < items.size()) {
            columns = 2;
            items = WrapItems(texts, column_width - kListIndent);
            plan = PlanList(items, columns, top, bottom);
        }
        const double column_step = column_width + kListColumnGap;
        const double more_width = columns == 2 ? column_width : kLeftColumnWidth;
        const Style item_style{PdfFont::kHelvetica, kListSize, kListLeading, kText};
        const int list = page.AddNode("L", doc);
        for (std::size_t i = 0; i < plan.placed; ++i) {
            const auto [column, first] = plan.positions[i];
            const double x = kLeft + column * column_step;
            const int item = page.AddNode("LI", list);
            page.Block("Lbl", item, Text{"\x95", {}}, {"\x95"}, item_style, Align::kLeft, x, first);
            page.Block("LBody", item, items[i].text, items[i].lines, item_style, Align::kLeft,
                       x + kListIndent, first);
        }
        if (plan.more_column >= 0) {
            const std::size_t rest = items.size() - plan.placed;
            const Text more = Prepare(
                ReplaceAll(rest == 1 ? labels.more_one : labels.more_many, "{n}", std::to_string(rest)));
            const int item = page.AddNode("LI", list);
            page.Block("LBody", item, more, Wrap(more, item_style, more_width, 2), item_style, Align::kLeft,
                       kLeft + plan.more_column * column_step, plan.more_y);
        }
    }

    // Bottom block.
    page.Block("P", doc, awarded_text, one_line(awarded_text, date_style, kLeftColumnWidth), date_style,
               Align::kLeft, kLeft, awarded_y);
    if (has_expiry) {
        page.Block("P", doc, expires_text, one_line(expires_text, date_style, kLeftColumnWidth), date_style,
                   Align::kLeft, kLeft, expires_y);
    }
    page.Block("P", doc, id_text, id_lines, small, Align::kLeft, kLeft, id_first);
    page.Block("P", doc, sentence, sentence_lines, sentence_style, Align::kLeft, kLeft, sentence_first);
    const int url_paragraph = page.AddNode("P", doc);
    const int link =
        page.Block("Link", url_paragraph, url_text, url_lines, url_style, Align::kLeft, kLeft, url_first);
    page.node(link).link_annotation = true;
    double url_width = 0;
    for (const std::string& line : url_lines)
        url_width = std::max(url_width, TextWidth(url_style.font, line, url_style.size));
    const std::string link_rect =
        Rect(kLeft - 1, kBottomBaseline - 3, kLeft + url_width + 1, url_first + 8.5);

    // QR code: white square (quiet zone included), then one rectangle per horizontal run of dark
    // modules, in module units through the transformation matrix.
    const QrMatrix& matrix = *qr;
    const int modules = matrix.size + 2 * kQrQuietZoneModules;
    const double module = kQrSide / modules;
    const double qr_left = kRight - kQrSide;
    const double qr_top = kQrBottom + kQrSide;
    const int figure = page.AddNode("Figure", doc);
    page.node(figure).alt = ReplaceAll(labels.qr_alt, "{url}", input.verify_url);
    page.node(figure).attributes = "<< /O /Layout /Placement /Block /BBox " +
                                   Rect(qr_left, kQrBottom, qr_left + kQrSide, qr_top) + " >>";
    page.BeginMarked(figure, {});
    out += "q\n1 1 1 rg\n" + PdfNumber(qr_left) + " " + PdfNumber(kQrBottom) + " " + PdfNumber(kQrSide) +
           " " + PdfNumber(kQrSide) + " re f\n0 0 0 rg\n" + PdfNumber(module) + " 0 0 " + PdfNumber(-module) +
           " " + PdfNumber(qr_left) + " " + PdfNumber(qr_top) + " cm\n";
    for (int row = 0; row < matrix.size; ++row) {
        int x = 0;
        while (x < matrix.size) {
            if (!matrix.At(x, row)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < matrix.size && matrix.At(x, row)) ++x;
            out += std::to_string(start + kQrQuietZoneModules) + " " +
                   std::to_string(row + kQrQuietZoneModules) + " " + std::to_string(x - start) + " 1 re\n";
        }
    }
    out += "f\nQ\n";
    page.EndMarked();

    // Objects.
    PdfWriter pdf;
    const int catalog = pdf.Reserve();
    const int pages = pdf.Reserve();
    const int page_object = pdf.Reserve();
    const int contents = pdf.Add(PdfStream("", out));
    const int regular = pdf.Add(FontObject(PdfFont::kHelvetica));
    const int bold = pdf.Add(FontObject(PdfFont::kHelveticaBold));
    const int annotation = pdf.Reserve();
    const int struct_root = pdf.Reserve();
    const int parent_tree = pdf.Reserve();
    const int first_element = pdf.Reserve();
    for (std::size_t i = 1; i < page.nodes().size(); ++i) pdf.Reserve();
    const auto ref = [](int number) { return std::to_string(number) + " 0 R"; };
    const auto element = [&](int node) { return ref(first_element + node); };

    const std::string title = labels.heading + " \u2013 " + Trimmed(input.badge_name);
    std::string info = "<< /Title " + PdfTextString(title) + " /Author " +
                       PdfTextString(Trimmed(input.issuer_name)) + " /Subject " + PdfTextString(labels.kind) +
                       " /Creator (passeur) /Producer (passeur)";
    if (!creation_date.empty()) info += " /CreationDate " + PdfLiteral(creation_date);
    info += " >>";
    const int info_object = pdf.Add(info);

    pdf.Set(catalog, "<< /Type /Catalog /Pages " + ref(pages) + " /Lang " +
                         PdfLiteral(french ? "fr-FR" : "en") +
                         " /MarkInfo << /Marked true >> /StructTreeRoot " + ref(struct_root) +
                         " /ViewerPreferences << /DisplayDocTitle true >> >>");
    pdf.Set(pages, "<< /Type /Pages /Kids [" + ref(page_object) + "] /Count 1 >>");
    pdf.Set(page_object, "<< /Type /Page /Parent " + ref(pages) + " /MediaBox " +
                             Rect(0, 0, kPageWidth, kPageHeight) + " /Resources << /Font << /F1 " +
                             ref(regular) + " /F2 " + ref(bold) + " >> >> /Contents " + ref(contents) +
                             " /Annots [" + ref(annotation) + "] /StructParents 0 /Tabs /S >>");
    pdf.Set(annotation, "<< /Type /Annot /Subtype /Link /Rect " + link_rect + " /Border [0 0 0] /Contents " +
                            PdfTextString(input.verify_url) + " /A << /S /URI /URI " +
                            PdfLiteral(input.verify_url) + " >> /StructParent 1 /P " + ref(page_object) +
                            " >>");
    pdf.Set(struct_root, "<< /Type /StructTreeRoot /K " + element(doc) + " /ParentTree " + ref(parent_tree) +
                             " /ParentTreeNextKey 2 >>");
    std::string by_mcid;
    for (const int owner : page.mcid_owners()) by_mcid += (by_mcid.empty() ? "" : " ") + element(owner);
    pdf.Set(parent_tree, "<< /Nums [0 [" + by_mcid + "] 1 " + element(link) + "] >>");
    for (std::size_t i = 0; i < page.nodes().size(); ++i) {
        const Page::Node& node = page.nodes()[i];
        std::string kids;
        const auto add = [&](const std::string& kid) { kids += (kids.empty() ? "" : " ") + kid; };
        // Kids in reading order: marked content and child elements never mix within one node here.
        for (const int mcid : node.mcids) add(std::to_string(mcid));
        for (const int kid : node.kids) add(element(kid));
        if (node.link_annotation) add("<< /Type /OBJR /Obj " + ref(annotation) + " >>");
        std::string body = "<< /Type /StructElem /S /" + node.type + " /P " +
                           (node.parent < 0 ? ref(struct_root) : element(node.parent));
        if (!node.mcids.empty() || node.link_annotation) body += " /Pg " + ref(page_object);
        if (!node.alt.empty()) body += " /Alt " + PdfTextString(node.alt);
        if (!node.attributes.empty()) body += " /A " + node.attributes;
        body += " /K [" + kids + "] >>";
        pdf.Set(first_element + static_cast<int>(i), std::move(body));
    }
    return pdf.Serialize(catalog, info_object);
}

}  // namespace passeur::certificate
