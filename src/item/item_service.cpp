#include "item/item_service.hpp"

#include <map>
#include <memory>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "item/item_files.hpp"

namespace passeur::item {
namespace {

using nlohmann::json;

core::Error FirstProblem(const std::vector<FieldProblem>& problems) {
    const FieldProblem& first = problems.front();
    std::string message = first.message;
    if (problems.size() > 1) message += fmt::format(" (et {} autre(s) problème(s))", problems.size() - 1);
    return core::Error::InvalidArgument(std::move(message), first.field.empty() ? "/" : first.field);
}

// The competence resolver of one framework's current version (nullopt for another framework).
CompetenceResolver ResolverOf(std::shared_ptr<const framework::Framework> f) {
    return
        [f](std::string_view framework_id, std::string_view code) -> std::optional<std::vector<std::string>> {
            if (f == nullptr || framework_id != f->id) return std::nullopt;
            const framework::Competence* c = f->FindCompetence(code);
            if (c == nullptr) return std::nullopt;
            std::vector<std::string> skills;
            for (const auto& s : c->skills) skills.push_back(s.code);
            return skills;
        };
}

}  // namespace

json ImportReportToJson(const ImportReport& report) {
    json problems = json::array();
    for (const CheckProblem& p : report.problems) {
        problems.push_back({{"file", p.file}, {"line", p.line}, {"field", p.field}, {"message", p.message}});
    }
    return {{"files", report.files},
            {"created", report.created},
            {"updated", report.updated},
            {"unchanged", report.unchanged.size()},
            {"conflicts", report.conflicts},
            {"problems", problems},
            {"ok", report.ok()}};
}

std::string ImportReportToText(const ImportReport& report) {
    std::string out;
    if (!report.ok()) {
        for (const CheckProblem& p : report.problems) {
            out += fmt::format("{}:{}: {}: {}\n", p.file, p.line, p.field, p.message);
        }
        out += fmt::format("{} problème(s) : rien n'a été importé.\n", report.problems.size());
        return out;
    }
    out += fmt::format(
        "{} fichier(s) : {} question(s) créée(s), {} mise(s) à jour, {} inchangée(s), {} en conflit.\n",
        report.files, report.created.size(), report.updated.size(), report.unchanged.size(),
        report.conflicts.size());
    for (const std::string& id : report.conflicts) {
        out += fmt::format(
            "conflit : {} a été modifiée sur une page depuis son dernier import ; le fichier "
            "n'a pas été appliqué.\n",
            id);
    }
    return out;
}

core::Result<CompetenceResolver> CurrentFrameworksResolver(framework::FrameworkService& frameworks) {
    auto records = frameworks.List(false);
    if (!records) return core::Fail(records.error());
    auto index = std::make_shared<
        std::map<std::string, std::map<std::string, std::vector<std::string>>, std::less<>>>();
    for (const auto& record : *records) {
        auto stored = frameworks.Get(record.slug, record.version);
        if (!stored) return core::Fail(stored.error());
        auto& competences = (*index)[record.slug];
        for (const auto& area : stored->framework.areas) {
            for (const auto& c : area.competences) {
                std::vector<std::string> skills;
                for (const auto& s : c.skills) skills.push_back(s.code);
                competences[c.code] = std::move(skills);
            }
        }
    }
    return CompetenceResolver([index](std::string_view framework_id,
                                      std::string_view code) -> std::optional<std::vector<std::string>> {
        auto f = index->find(framework_id);
        if (f == index->end()) return std::nullopt;
        auto c = f->second.find(std::string(code));
        if (c == f->second.end()) return std::nullopt;
        return c->second;
    });
}

ItemService::ItemService(store::Database& db, core::Clock& clock, const account::Authorizer& authorizer,
                         framework::FrameworkService& frameworks, std::string items_dir,
                         account::AuditLog* audit)
    : repository_(db),
      clock_(clock),
      authorizer_(authorizer),
      frameworks_(frameworks),
      items_dir_(std::move(items_dir)),
      audit_(audit) {}

core::Result<std::string> ItemService::Authorize(const Actor& actor) const {
    if (actor.principal == nullptr) return std::string();
    PASSEUR_TRY(authorizer_.Authorize(*actor.principal, account::Action::kEditItems));
    return actor.principal->ActorId();
}

void ItemService::Audit(const Actor& actor, std::string event, std::string subject, json details) {
    if (audit_ == nullptr || actor.principal == nullptr) return;
    // The change is stored already: a failure to record it is logged, it does not undo the change.
    auto recorded = audit_->Record(
        account::AuditEntry(event).By(*actor.principal).Subject(subject).Details(std::move(details)));
    if (!recorded) spdlog::warn("audit {} {} not recorded: {}", event, subject, recorded.error().message);
}

core::Result<ItemPage> ItemService::List(const ItemFilter& filter, const Actor& actor) {
    PASSEUR_TRY(Authorize(actor));
    return repository_.List(filter);
}

core::Result<ItemRecord> ItemService::Get(std::string_view id, const Actor& actor) {
    PASSEUR_TRY(Authorize(actor));
    return repository_.Get(id);
}

core::Result<std::vector<ItemRevision>> ItemService::Revisions(std::string_view id, const Actor& actor) {
    PASSEUR_TRY(Authorize(actor));
    return repository_.Revisions(id);
}

core::Result<ItemParse> ItemService::Validate(const json& body) {
    ItemParse parse = ParseItem(body, JsonScope::kFull, {}, {});
    if (!parse.item) return parse;
    std::shared_ptr<const framework::Framework> f;
    auto stored = frameworks_.Get(parse.item->framework);
    if (stored) {
        f = std::make_shared<const framework::Framework>(std::move(stored->framework));
    } else if (stored.error().code != core::ErrorCode::kNotFound &&
               stored.error().code != core::ErrorCode::kInvalidArgument) {
        return core::Fail(stored.error());
    }
    ImageExists images =
        items_dir_.empty() ? ImageExists([](std::string_view) { return false; }) : ImageExistsIn(items_dir_);
    for (FieldProblem& p : CheckItemReferences(*parse.item, ResolverOf(f), images)) {
        // In the API form the competence is a member of the item (in files, of the header).
        if (p.field.empty()) p.field = "/competence";
        parse.problems.push_back(std::move(p));
    }
    return parse;
}

core::Result<ItemRecord> ItemService::Create(const json& body, const Actor& actor) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    auto parse = Validate(body);
    if (!parse) return core::Fail(parse.error());
    if (!parse->problems.empty()) return core::Fail(FirstProblem(parse->problems));
    ItemRecord record;
    record.item = std::move(*parse->item);
    record.item.status = ItemStatus::kActive;
    record.item.revision = 1;
    record.source = std::string(kSourcePage);
    record.created_at = record.updated_at = clock_.NowMillis();
    record.created_by = record.updated_by = *by;
    PASSEUR_TRY(ItemRepository::Insert(repository_.Db(), record, kSourcePage));
    Audit(actor, "item.created", record.item.id, {{"revision", record.item.revision}});
    return record;
}

core::Result<ItemRecord> ItemService::Update(std::string_view id, const json& body, const Actor& actor,
                                             std::optional<std::int64_t> expected_revision) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    auto parse = Validate(body);
    if (!parse) return core::Fail(parse.error());
    if (parse->item && parse->item->id != id) {
        return core::Fail(core::Error::InvalidArgument(
            "L'identifiant d'une question ne change pas (attendu : " + std::string(id) + ").", "/id"));
    }
    if (!parse->problems.empty()) return core::Fail(FirstProblem(parse->problems));
    bool changed = false;
    auto updated = repository_.Db().WithTransaction([&](store::Executor& ex) -> core::Result<ItemRecord> {
        auto found = ItemRepository::Find(ex, id);
        if (!found) return core::Fail(found.error());
        if (!*found) return core::Fail(core::Error::NotFound("Cette question n'existe pas."));
        ItemRecord record = std::move(**found);
        if (expected_revision && *expected_revision != record.item.revision) {
            return core::Fail(core::Error::Conflict(
                "La question " + record.item.id + " a été modifiée entre-temps (révision " +
                    std::to_string(record.item.revision) + ") : rechargez-la avant de l'enregistrer.",
                "revision"));
        }
        Item edited = std::move(*parse->item);
        edited.status = record.item.status;
        edited.revision = record.item.revision;
        if (edited == record.item) return record;
        const std::int64_t previous = record.item.revision;
        edited.revision = previous + 1;
        record.item = std::move(edited);
        record.source = std::string(kSourcePage);
        record.updated_at = clock_.NowMillis();
        record.updated_by = *by;
        PASSEUR_TRY(ItemRepository::Update(ex, record, previous, kSourcePage));
        changed = true;
        return record;
    });
    // Recorded once the transaction released its connection.
    if (updated && changed)
        Audit(actor, "item.updated", updated->item.id, {{"revision", updated->item.revision}});
    return updated;
}

core::Result<ItemRecord> ItemService::SetStatus(std::string_view id, ItemStatus status, const Actor& actor) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    bool changed = false;
    auto done = repository_.Db().WithTransaction([&](store::Executor& ex) -> core::Result<ItemRecord> {
        auto found = ItemRepository::Find(ex, id);
        if (!found) return core::Fail(found.error());
        if (!*found) return core::Fail(core::Error::NotFound("Cette question n'existe pas."));
        ItemRecord record = std::move(**found);
        if (record.item.status == status) return record;
        const std::int64_t previous = record.item.revision;
        record.item.status = status;
        record.item.revision = previous + 1;
        record.updated_at = clock_.NowMillis();
        record.updated_by = *by;
        PASSEUR_TRY(ItemRepository::Update(ex, record, previous, "status"));
        changed = true;
        return record;
    });
    if (done && changed) {
        Audit(actor, status == ItemStatus::kRetired ? "item.retired" : "item.restored", done->item.id,
              {{"revision", done->item.revision}});
    }
    return done;
}

core::Result<ItemRecord> ItemService::Retire(std::string_view id, const Actor& actor) {
    return SetStatus(id, ItemStatus::kRetired, actor);
}

core::Result<ItemRecord> ItemService::Restore(std::string_view id, const Actor& actor) {
    return SetStatus(id, ItemStatus::kActive, actor);
}

core::Result<Score> ItemService::ScoreItem(std::string_view id, const json& response, const Actor& actor) {
    PASSEUR_TRY(Authorize(actor));
    auto record = repository_.Get(id);
    if (!record) return core::Fail(record.error());
    return ScoreResponse(record->item, response);
}

core::Result<ImportReport> ItemService::ImportFromFiles(const std::string& items_dir, const Actor& actor) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    auto files = LoadItemFiles(items_dir);
    if (!files) return core::Fail(files.error());
    auto resolver = CurrentFrameworksResolver(frameworks_);
    if (!resolver) return core::Fail(resolver.error());
    CheckReport check = CheckItemFiles(*files, {*resolver, ImageExistsIn(items_dir)});
    ImportReport report;
    report.files = files->size();
    if (!check.ok()) {
        report.problems = std::move(check.problems);
        return report;
    }
    const std::int64_t now = clock_.NowMillis();
    auto written = repository_.Db().WithTransaction([&](store::Executor& ex) -> core::Result<ImportReport> {
        ImportReport out = report;
        auto all = ItemRepository::All(ex);
        if (!all) return core::Fail(all.error());
        std::map<std::string, ItemRecord, std::less<>> stored;
        for (ItemRecord& r : *all) stored.emplace(r.item.id, std::move(r));
        for (Item& item : check.items) {
            auto it = stored.find(item.id);
            if (it == stored.end()) {
                ItemRecord record;
                record.item = std::move(item);
                record.item.status = ItemStatus::kActive;
                record.item.revision = 1;
                record.source = std::string(kSourceFile);
                record.created_at = record.updated_at = now;
                record.created_by = record.updated_by = *by;
                PASSEUR_TRY(ItemRepository::Insert(ex, record, kSourceFile));
                out.created.push_back(record.item.id);
                continue;
            }
            ItemRecord& record = it->second;
            item.status = record.item.status;
            item.revision = record.item.revision;
            if (item == record.item) {
                if (record.source != kSourceFile)
                    PASSEUR_TRY(ItemRepository::SetSource(ex, item.id, kSourceFile));
                out.unchanged.push_back(item.id);
                continue;
            }
            if (record.source == kSourcePage) {
                out.conflicts.push_back(item.id);
                continue;
            }
            const std::int64_t previous = record.item.revision;
            item.revision = previous + 1;
            record.item = std::move(item);
            record.source = std::string(kSourceFile);
            record.updated_at = now;
            record.updated_by = *by;
            PASSEUR_TRY(ItemRepository::Update(ex, record, previous, kSourceFile));
            out.updated.push_back(record.item.id);
        }
        return out;
    });
    if (!written) return core::Fail(written.error());
    Audit(actor, "item.imported", items_dir,
          {{"created", written->created.size()},
           {"updated", written->updated.size()},
           {"conflicts", written->conflicts}});
    return written;
}

core::Result<ImportReport> ItemService::SeedShipped(const std::string& data_dir) {
    return ImportFromFiles(data_dir + "/items", Actor::System());
}

}  // namespace passeur::item
