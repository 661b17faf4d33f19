#include "campaign/results.hpp"

#include <utility>

#include "core/clock.hpp"

namespace passeur::campaign {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += CsvField(fields[i]);
    }
    out += "\r\n";
}

}  // namespace

std::string CsvField(std::string_view value) {
    std::string text;
    if (!value.empty() && (value.front() == '=' || value.front() == '+' || value.front() == '-' ||
                           value.front() == '@' || value.front() == '\t' || value.front() == '\r')) {
        text.push_back('\'');
    }
    text.append(value);
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

ResultsCsvWriter::ResultsCsvWriter(std::vector<ProfileCompetence> columns, std::string external_id_label,
                                   std::string language, Sink sink)
    : columns_(std::move(columns)),
      external_id_label_(std::move(external_id_label)),
      english_(language == "en"),
      sink_(std::move(sink)) {}

core::Result<void> ResultsCsvWriter::WriteHeader() {
    std::vector<std::string> fields = {english_ ? "participant" : "participant", "e-mail"};
    if (!external_id_label_.empty()) fields.push_back(external_id_label_);
    fields.push_back(english_ ? "shared on" : "partagé le");
    for (const auto& c : columns_) {
        fields.push_back(c.competence + (english_ ? " level" : " niveau"));
        fields.push_back(c.competence + (english_ ? " range" : " fourchette"));
        fields.push_back(c.competence + (english_ ? " target met" : " cible atteinte"));
    }
    std::string out(kBom);
    AppendRow(out, fields);
    return sink_(out);
}

core::Result<void> ResultsCsvWriter::WriteRow(const ParticipantResult& row) {
    std::vector<std::string> fields = {row.display_name, row.email};
    if (!external_id_label_.empty()) fields.push_back(row.external_id);
    fields.push_back(row.shared_at > 0 ? core::FormatRfc3339(row.shared_at).substr(0, 10) : "");
    for (const auto& column : columns_) {
        const CompetenceCell* cell = nullptr;
        for (const auto& c : row.competences) {
            if (c.framework == column.framework && c.competence == column.competence) {
                cell = &c;
                break;
            }
        }
        if (cell == nullptr) {
            fields.insert(fields.end(), {"", "", ""});
            continue;
        }
        fields.push_back(std::to_string(cell->level));
        fields.push_back(cell->low == cell->high ? std::to_string(cell->low)
                                                 : std::to_string(cell->low) + (english_ ? " to " : " à ") +
                                                       std::to_string(cell->high));
        if (cell->verdict == "met") {
            fields.push_back(english_ ? "yes" : "oui");
        } else if (cell->verdict == "gap") {
            fields.push_back(english_ ? "no" : "non");
        } else {
            fields.push_back(english_ ? "uncertain" : "incertain");
        }
    }
    std::string out;
    AppendRow(out, fields);
    return sink_(out);
}

}  // namespace passeur::campaign
