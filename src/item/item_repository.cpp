#include "item/item_repository.hpp"

#include <utility>

#include <nlohmann/json.hpp>

namespace passeur::item {
namespace {

using store::AsInt;
using store::AsText;
using store::Value;

constexpr std::string_view kColumns = "id, body, source, created_at, created_by, updated_at, updated_by";

core::Result<Item> ParseBody(const std::string& id, const std::string& body) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded())
        return core::Fail(core::Error::Internal("stored item " + id + ": body is not JSON"));
    auto parsed = ItemFromJson(json, JsonScope::kFull);
    if (!parsed) {
        return core::Fail(core::Error::Internal("stored item " + id + ": " + parsed.error().message + " at " +
                                                parsed.error().field));
    }
    return parsed;
}

core::Result<ItemRecord> FromRow(const store::Row& row) {
    ItemRecord record;
    auto parsed = ParseBody(AsText(row[0]), AsText(row[1]));
    if (!parsed) return core::Fail(parsed.error());
    record.item = std::move(*parsed);
    record.source = AsText(row[2]);
    record.created_at = AsInt(row[3]);
    record.created_by = AsText(row[4]);
    record.updated_at = AsInt(row[5]);
    record.updated_by = AsText(row[6]);
    return record;
}

Value SkillValue(const Item& item) {
    if (!item.skill) return nullptr;
    return *item.skill;
}

core::Result<void> InsertRevision(store::Executor& ex, const ItemRecord& record, std::string_view source,
                                  const std::string& body) {
    auto done = ex.Exec(
        "INSERT INTO item_revisions (item_id, revision, source, body, created_at, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {record.item.id, record.item.revision, std::string(source), body, record.updated_at,
         store::NullIfEmpty(record.updated_by)});
    if (!done) return core::Fail(done.error());
    return core::Ok();
}

// "%" and "_" and "\" escaped for LIKE ... ESCAPE '\'.
std::string LikePattern(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    out += '%';
    return out;
}

}  // namespace

core::Result<void> ItemRepository::Insert(store::Executor& ex, const ItemRecord& record,
                                          std::string_view revision_source) {
    const Item& item = record.item;
    const std::string body = ItemToJson(item, JsonScope::kFull).dump();
    const Irt irt = item.EffectiveIrt();
    auto done = ex.Exec(
        "INSERT INTO items (id, framework, competence, skill, level, type, status, revision, source, body, "
        "a, b, anchor, created_at, created_by, updated_at, updated_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        {item.id, item.framework, item.competence, SkillValue(item), std::int64_t{item.level},
         std::string(ItemTypeName(item.type)), std::string(ItemStatusName(item.status)), item.revision,
         record.source, body, irt.a, irt.b, std::int64_t{item.anchor ? 1 : 0}, record.created_at,
         store::NullIfEmpty(record.created_by), record.updated_at, store::NullIfEmpty(record.updated_by)});
    if (!done) {
        if (store::IsUniqueViolation(done.error())) {
            return core::Fail(
                core::Error::Conflict("Une question porte déjà l'identifiant " + item.id + ".", "id"));
        }
        return core::Fail(done.error());
    }
    return InsertRevision(ex, record, revision_source, body);
}

core::Result<void> ItemRepository::Update(store::Executor& ex, const ItemRecord& record,
                                          std::int64_t expected_revision, std::string_view revision_source) {
    const Item& item = record.item;
    const std::string body = ItemToJson(item, JsonScope::kFull).dump();
    const Irt irt = item.EffectiveIrt();
    auto done = ex.Exec(
        "UPDATE items SET framework = $2, competence = $3, skill = $4, level = $5, type = $6, status = $7, "
        "revision = $8, source = $9, body = $10, a = $11, b = $12, anchor = $13, updated_at = $14, "
        "updated_by = $15 WHERE id = $1 AND revision = $16",
        {item.id, item.framework, item.competence, SkillValue(item), std::int64_t{item.level},
         std::string(ItemTypeName(item.type)), std::string(ItemStatusName(item.status)), item.revision,
         record.source, body, irt.a, irt.b, std::int64_t{item.anchor ? 1 : 0}, record.updated_at,
         store::NullIfEmpty(record.updated_by), expected_revision});
    if (!done) return core::Fail(done.error());
    if (*done == 0) {
        auto exists = Find(ex, item.id);
        if (!exists) return core::Fail(exists.error());
        if (!*exists) return core::Fail(core::Error::NotFound("Cette question n'existe pas."));
        return core::Fail(core::Error::Conflict(
            "La question " + item.id + " a été modifiée entre-temps (révision " +
                std::to_string((*exists)->item.revision) + ") : rechargez-la avant de l'enregistrer.",
            "revision"));
    }
    return InsertRevision(ex, record, revision_source, body);
}

core::Result<void> ItemRepository::SetSource(store::Executor& ex, std::string_view id,
                                             std::string_view source) {
    auto done = ex.Exec("UPDATE items SET source = $2 WHERE id = $1", {std::string(id), std::string(source)});
    if (!done) return core::Fail(done.error());
    return core::Ok();
}

core::Result<std::optional<ItemRecord>> ItemRepository::Find(store::Executor& ex, std::string_view id) {
    auto rows = ex.Query("SELECT " + std::string(kColumns) + " FROM items WHERE id = $1", {std::string(id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return std::optional<ItemRecord>();
    auto record = FromRow(rows->front());
    if (!record) return core::Fail(record.error());
    return std::optional<ItemRecord>(std::move(*record));
}

core::Result<std::vector<ItemRecord>> ItemRepository::All(store::Executor& ex) {
    auto rows = ex.Query("SELECT " + std::string(kColumns) + " FROM items ORDER BY id");
    if (!rows) return core::Fail(rows.error());
    std::vector<ItemRecord> out;
    out.reserve(rows->size());
    for (const auto& row : *rows) {
        auto record = FromRow(row);
        if (!record) return core::Fail(record.error());
        out.push_back(std::move(*record));
    }
    return out;
}

core::Result<ItemRecord> ItemRepository::Get(std::string_view id) {
    auto found = Find(db_, id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound("Cette question n'existe pas."));
    return std::move(**found);
}

core::Result<ItemPage> ItemRepository::List(const ItemFilter& filter) {
    std::string where = " WHERE 1 = 1";
    store::Params params;
    auto add = [&](std::string_view clause, Value value) {
        params.push_back(std::move(value));
        std::string placeholder = "$" + std::to_string(params.size());
        std::string text(clause);
        for (std::size_t at = text.find('?'); at != std::string::npos; at = text.find('?')) {
            text.replace(at, 1, placeholder);
        }
        where += " AND " + text;
    };
    if (!filter.framework.empty()) add("framework = ?", filter.framework);
    if (!filter.competence.empty()) add("competence = ?", filter.competence);
    if (filter.level) add("level = ?", std::int64_t{*filter.level});
    if (filter.type) add("type = ?", std::string(ItemTypeName(*filter.type)));
    if (filter.status) add("status = ?", std::string(ItemStatusName(*filter.status)));
    if (!filter.text.empty()) add("LOWER(body) LIKE LOWER(?) ESCAPE '\\'", LikePattern(filter.text));

    auto count = db_.Query("SELECT COUNT(*) FROM items" + where, params);
    if (!count) return core::Fail(count.error());
    ItemPage page;
    page.total = count->empty() ? 0 : AsInt(count->front().front());

    const std::size_t limit = std::min(filter.limit, kMaxPageSize);
    params.push_back(static_cast<std::int64_t>(limit));
    params.push_back(static_cast<std::int64_t>(filter.offset));
    auto rows = db_.Query("SELECT " + std::string(kColumns) + " FROM items" + where +
                              " ORDER BY framework, competence, level, id LIMIT $" +
                              std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size()),
                          params);
    if (!rows) return core::Fail(rows.error());
    for (const auto& row : *rows) {
        auto record = FromRow(row);
        if (!record) return core::Fail(record.error());
        page.items.push_back(std::move(*record));
    }
    return page;
}

core::Result<std::vector<ItemRevision>> ItemRepository::Revisions(std::string_view id) {
    auto rows = db_.Query(
        "SELECT item_id, body, source, created_at, created_by FROM item_revisions WHERE item_id = $1 "
        "ORDER BY revision",
        {std::string(id)});
    if (!rows) return core::Fail(rows.error());
    std::vector<ItemRevision> out;
    for (const auto& row : *rows) {
        auto parsed = ParseBody(AsText(row[0]), AsText(row[1]));
        if (!parsed) return core::Fail(parsed.error());
        out.push_back({std::move(*parsed), AsText(row[2]), AsInt(row[3]), AsText(row[4])});
    }
    return out;
}

core::Result<std::int64_t> ItemRepository::Count() {
    auto rows = db_.Query("SELECT COUNT(*) FROM items");
    if (!rows) return core::Fail(rows.error());
    return rows->empty() ? 0 : AsInt(rows->front().front());
}

}  // namespace passeur::item
