#include "assessment/service/calibration_source.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

namespace passeur::assessment {
namespace {

double AsNumber(const store::Value& v) {
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return -1;  // NULL or text: never a valid score
}

core::Error TooMany(std::size_t max_observations) {
    return core::Error::InvalidArgument(
        fmt::format("more than {} stored answers: too many to calibrate at once", max_observations),
        "observations");
}

}  // namespace

core::Result<StoredCalibrationInput> LoadStoredResponses(store::Database& db, std::size_t max_observations) {
    auto count = db.Query("SELECT COUNT(*) FROM assessment_answers");
    if (!count) return core::Fail(std::move(count.error()));
    if (!count->empty() && static_cast<std::size_t>(std::max<std::int64_t>(0, store::AsInt((*count)[0][0]))) >
                               max_observations) {
        return core::Fail(TooMany(max_observations));
    }

    // The bank: every item, whatever its status (a retired item's answers are still responses).
    struct BankItem {
        ItemStart start;
        StoredItem info;
        bool answered = false;
    };
    auto item_rows = db.Query("SELECT id, framework, competence, level, a, b, anchor FROM items ORDER BY id");
    if (!item_rows) return core::Fail(std::move(item_rows.error()));
    std::unordered_map<std::string, BankItem> bank;
    bank.reserve(item_rows->size());
    for (const store::Row& row : *item_rows) {
        BankItem item;
        item.info.framework = store::AsText(row[1]);
        item.info.competence = store::AsText(row[2]);
        item.info.level = static_cast<int>(store::AsInt(row[3]));
        item.start.a = AsNumber(row[4]);
        item.start.b = AsNumber(row[5]);
        item.start.anchor = store::AsInt(row[6]) != 0;
        bank.emplace(store::AsText(row[0]), std::move(item));
    }

    // Answers in (assessment_id, position) order, read by keyset pages. Items are given provisional
    // indices in order of first answer, renumbered by id at the end.
    StoredCalibrationInput out;
    std::unordered_map<std::string, std::uint32_t> item_index;
    std::vector<std::string> item_ids;
    std::map<std::string, std::size_t> deleted;
    std::string last_assessment;
    std::int64_t last_position = 0;
    for (;;) {
        auto rows = db.Query(
            "SELECT assessment_id, position, item_id, engine_score, model FROM assessment_answers "
            "WHERE assessment_id > $1 OR (assessment_id = $1 AND position > $2) "
            "ORDER BY assessment_id, position LIMIT $3",
            {last_assessment, last_position, static_cast<std::int64_t>(kCalibrationPageRows)});
        if (!rows) return core::Fail(std::move(rows.error()));
        for (const store::Row& row : *rows) {
            std::string assessment = store::AsText(row[0]);
            const std::int64_t position = store::AsInt(row[1]);
            std::string item_id = store::AsText(row[2]);
            const double score = AsNumber(row[3]);
            const std::string model = store::AsText(row[4]);
            if (out.data.persons.empty() || out.data.persons.back() != assessment) {
                out.data.persons.push_back(assessment);
            }
            last_assessment = std::move(assessment);
            last_position = position;
            auto found = bank.find(item_id);
            if (found == bank.end()) {
                ++out.answers_deleted_items;
                ++deleted[item_id];
                continue;
            }
            if (model != "2pl" || (score != 0.0 && score != 1.0)) {
                ++out.answers_other_model;
                continue;
            }
            if (out.data.observations.size() >= max_observations)
                return core::Fail(TooMany(max_observations));
            found->second.answered = true;
            auto [at, inserted] = item_index.emplace(item_id, static_cast<std::uint32_t>(item_ids.size()));
            if (inserted) item_ids.push_back(std::move(item_id));
            out.data.observations.push_back({static_cast<std::uint32_t>(out.data.persons.size() - 1),
                                             at->second, static_cast<std::uint8_t>(score == 1.0 ? 1 : 0)});
        }
        if (rows->size() < kCalibrationPageRows) break;
    }
    out.deleted_items = deleted.size();

    // A test whose answers were all skipped is no person of the data.
    std::vector<std::uint32_t> person_map(out.data.persons.size(), UINT32_MAX);
    for (const Observation& o : out.data.observations) person_map[o.person] = 0;
    std::vector<std::string> persons;
    for (std::size_t p = 0; p < person_map.size(); ++p) {
        if (person_map[p] == UINT32_MAX) continue;
        person_map[p] = static_cast<std::uint32_t>(persons.size());
        persons.push_back(std::move(out.data.persons[p]));
    }
    out.data.persons = std::move(persons);

    // Items by id.
    std::vector<std::uint32_t> order(item_ids.size());
    for (std::uint32_t j = 0; j < order.size(); ++j) order[j] = j;
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t x, std::uint32_t y) { return item_ids[x] < item_ids[y]; });
    std::vector<std::uint32_t> new_index(order.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) new_index[order[k]] = k;
    for (Observation& o : out.data.observations) {
        o.person = person_map[o.person];
        o.item = new_index[o.item];
    }
    out.data.items.reserve(order.size());
    out.start.reserve(order.size());
    out.items.reserve(order.size());
    for (std::uint32_t j : order) {
        const BankItem& item = bank.at(item_ids[j]);
        out.data.items.push_back(item_ids[j]);
        out.start.push_back(item.start);
        out.items.push_back(item.info);
    }
    for (const auto& [id, item] : bank) {
        if (!item.answered) ++out.bank_items_unanswered;
    }
    return out;
}

}  // namespace passeur::assessment
