// One contract suite for every Store backend: SQLite file, SQLite ":memory:", PostgreSQL.
// PostgreSQL runs when PASSEUR_TEST_PG_URL (a URL) or PASSEUR_TEST_PG_URL_FILE (a file holding
// one) is set; otherwise its instances are skipped, except under CI=true where they fail.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/metrics.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"
#include "support/test_store.hpp"
#include <unistd.h>

namespace passeur::store {
namespace {

using core::ErrorCode;

enum class Backend { kSqliteFile, kSqliteMemory, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
    switch (info.param) {
        case Backend::kSqliteFile:
            return "SqliteFile";
        case Backend::kSqliteMemory:
            return "SqliteMemory";
        case Backend::kPostgres:
            return "Postgres";
    }
    return "Unknown";
}

void PrintTo(Backend b, std::ostream* os) { *os << BackendName({b, 0}); }

// The contract tests work in their own schema, so that they never touch what other tests (the
// integration tests share the same throwaway server and database) keep in "public".
constexpr std::string_view kPgSchema = "passeur_store_contract";

std::string WithTestSchema(const std::string& url) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") +
           fmt::format("options=-c%20search_path%3D{}", kPgSchema);
}

void ResetPgSchema(Database& db) {
    ASSERT_TRUE(db.Exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", kPgSchema)));
    ASSERT_TRUE(db.Exec(fmt::format("CREATE SCHEMA {}", kPgSchema)));
    auto current = db.Query("SELECT current_schema()");
    ASSERT_TRUE(current);
    ASSERT_EQ(AsText((*current)[0][0]), kPgSchema);
}

bool InCi() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string_view(ci) == "true";
}

class StoreContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        switch (GetParam()) {
            case Backend::kSqliteFile: {
                static std::atomic<int> counter{0};
                path_ = std::filesystem::temp_directory_path() /
                        fmt::format("passeur_store_test_{}_{}.db", ::getpid(), counter.fetch_add(1));
                RemoveFiles();
                url_ = "sqlite:" + path_.string();
                break;
            }
            case Backend::kSqliteMemory:
                url_ = "sqlite::memory:";
                break;
            case Backend::kPostgres: {
                std::string reason;
                url_ = passeur::testing::PgUrl(reason);
                if (url_.empty()) {
                    if (InCi()) FAIL() << reason << " (CI=true: PostgreSQL must be tested)";
                    GTEST_SKIP() << reason;
                }
                url_ = WithTestSchema(url_);
                break;
            }
        }
        auto opened = OpenStore(url_, {.pool_size = 4, .busy_timeout_ms = 10000, .metrics = &metrics_});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        if (GetParam() == Backend::kPostgres) {
            Database* db = DatabaseOf(*store_);
            ASSERT_NE(db, nullptr);
            ResetPgSchema(*db);
            if (HasFatalFailure()) return;
        }
        auto migrated = store_->Migrate();
        ASSERT_TRUE(migrated) << migrated.error().message;
    }

    void TearDown() override {
        store_.reset();
        if (!path_.empty()) RemoveFiles();
    }

    void RemoveFiles() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
    }

    // Another Store on the same database (another app node).
    std::unique_ptr<Store> OpenAnother() {
        auto opened = OpenStore(url_, {.pool_size = 2, .busy_timeout_ms = 10000});
        EXPECT_TRUE(opened) << opened.error().message;
        return opened ? std::move(*opened) : nullptr;
    }

    Database& Db() { return *DatabaseOf(*store_); }

    Organization Org(std::string id, std::string name, std::string department = "75") {
        return {std::move(id), std::move(name), "epn", std::move(department), 1000};
    }
    User MakeUser(std::string id, std::string email) {
        return {std::move(id), std::move(email), "Camille", "$argon2id$hash", "fr", "", false, 2000, 2000};
    }
    void Seed() {
        ASSERT_TRUE(store_->Organizations().Create(Org("o1", "EPN Belleville")));
        ASSERT_TRUE(store_->Organizations().Create(Org("o2", "Association Alpha", "13")));
        ASSERT_TRUE(store_->Users().Create(MakeUser("u1", "a@example.org")));
        ASSERT_TRUE(store_->Users().Create(MakeUser("u2", "b@example.org")));
    }

    core::Metrics metrics_;
    std::filesystem::path path_;
    std::string url_;
    std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, PingAndKind) {
    EXPECT_TRUE(store_->Ping());
    EXPECT_EQ(store_->Kind(), GetParam() == Backend::kPostgres ? "postgresql" : "sqlite");
}

TEST_P(StoreContract, PlaceholdersBindByNumberAndRepeat) {
    auto rows = Db().Query("SELECT CAST($1 AS BIGINT) + CAST($1 AS BIGINT), $2, CAST($3 AS TEXT)",
                           {std::int64_t{21}, std::string("x"), nullptr});
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(AsInt((*rows)[0][0]), 42);
    EXPECT_EQ(AsText((*rows)[0][1]), "x");
    EXPECT_TRUE(std::holds_alternative<std::nullptr_t>((*rows)[0][2]));
}

TEST_P(StoreContract, TransactionRollsBackOnError) {
    Seed();
    auto r = Db().WithTransaction([](Executor& ex) -> core::Result<int> {
        PASSEUR_TRY(ex.Exec("UPDATE organizations SET name = 'changed' WHERE id = 'o1'"));
        return core::Fail(core::Error::Internal("stop"));
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "stop");
    EXPECT_EQ(store_->Organizations().Get("o1")->name, "EPN Belleville");
    auto ok = Db().WithTransaction([](Executor& ex) -> core::Result<std::int64_t> {
        return ex.Exec("UPDATE organizations SET name = 'changed' WHERE id = 'o1'");
    });
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 1);
    EXPECT_EQ(store_->Organizations().Get("o1")->name, "changed");
}

TEST_P(StoreContract, Organizations) {
    auto& orgs = store_->Organizations();
    ASSERT_TRUE(orgs.Create(Org("o2", "Zèbre numérique")));
    ASSERT_TRUE(orgs.Create(Org("o1", "Atelier", "2A")));
    ASSERT_TRUE(orgs.Create(Org("o3", "Médiathèque", "")));

    auto got = orgs.Get("o1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->name, "Atelier");
    EXPECT_EQ(got->kind, "epn");
    EXPECT_EQ(got->department, "2A");
    EXPECT_EQ(got->created_at, 1000);

    auto dup = orgs.Create(Org("o1", "Autre"));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

    auto missing = orgs.Get("nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_NE(missing.error().message.find("organisation"), std::string::npos);

    auto all = orgs.List(10, 0);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, "o1");
    EXPECT_EQ((*all)[1].id, "o3");
    EXPECT_EQ((*all)[2].id, "o2");
    auto page = orgs.List(1, 1);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->size(), 1u);
    EXPECT_EQ((*page)[0].id, "o3");
    EXPECT_EQ(orgs.List(0, 0).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(orgs.List(10, -1).error().code, ErrorCode::kInvalidArgument);

    auto by_dep = orgs.ListByDepartment("75");
    ASSERT_TRUE(by_dep);
    ASSERT_EQ(by_dep->size(), 1u);
    EXPECT_EQ((*by_dep)[0].id, "o2");

    Organization changed = Org("o1", "Atelier bis", "93");
    changed.kind = "association";
    changed.created_at = 999999;  // not updatable
    ASSERT_TRUE(orgs.Update(changed));
    got = orgs.Get("o1");
    EXPECT_EQ(got->name, "Atelier bis");
    EXPECT_EQ(got->kind, "association");
    EXPECT_EQ(got->department, "93");
    EXPECT_EQ(got->created_at, 1000);
    EXPECT_EQ(orgs.Update(Org("nope", "x")).error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(orgs.Delete("o1"));
    EXPECT_EQ(orgs.Get("o1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(orgs.Delete("o1").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, Users) {
    auto& users = store_->Users();
    EXPECT_EQ(*users.Count(), 0);
    User u = MakeUser("u1", "camille@example.org");
    u.platform_role = "platform_admin";
    u.disabled = true;
    ASSERT_TRUE(users.Create(u));
    ASSERT_TRUE(users.Create(MakeUser("u2", "dominique@example.org")));
    EXPECT_EQ(*users.Count(), 2);

    auto got = users.Get("u1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->email, "camille@example.org");
    EXPECT_EQ(got->display_name, "Camille");
    EXPECT_EQ(got->password_hash, "$argon2id$hash");
    EXPECT_EQ(got->locale, "fr");
    EXPECT_EQ(got->platform_role, "platform_admin");
    EXPECT_TRUE(got->disabled);
    EXPECT_EQ(got->created_at, 2000);
    EXPECT_EQ(got->password_changed_at, 2000);

    auto by_email = users.FindByEmail("dominique@example.org");
    ASSERT_TRUE(by_email);
    EXPECT_EQ(by_email->id, "u2");
    EXPECT_FALSE(by_email->disabled);
    EXPECT_EQ(users.FindByEmail("x@example.org").error().code, ErrorCode::kNotFound);

    auto taken = users.Create(MakeUser("u3", "camille@example.org"));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
    EXPECT_EQ(taken.error().field, "email");
    EXPECT_EQ(taken.error().message, "cette adresse e-mail est déjà utilisée");
    auto same_id = users.Create(MakeUser("u1", "other@example.org"));
    ASSERT_FALSE(same_id);
    EXPECT_EQ(same_id.error().code, ErrorCode::kConflict);
    EXPECT_NE(same_id.error().field, "email");

    auto missing = users.Get("nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_NE(missing.error().message.find("utilisateur"), std::string::npos);

    User changed = *users.Get("u1");
    changed.email = "ignored@example.org";
    changed.created_at = 1;
    changed.display_name = "Camille M.";
    changed.password_hash = "$argon2id$new";
    changed.locale = "en";
    changed.platform_role = "";
    changed.disabled = false;
    changed.password_changed_at = 5000;
    ASSERT_TRUE(users.Update(changed));
    got = users.Get("u1");
    EXPECT_EQ(got->email, "camille@example.org");
    EXPECT_EQ(got->created_at, 2000);
    EXPECT_EQ(got->display_name, "Camille M.");
    EXPECT_EQ(got->password_hash, "$argon2id$new");
    EXPECT_EQ(got->locale, "en");
    EXPECT_EQ(got->platform_role, "");
    EXPECT_FALSE(got->disabled);
    EXPECT_EQ(got->password_changed_at, 5000);
    changed.id = "nope";
    EXPECT_EQ(users.Update(changed).error().code, ErrorCode::kNotFound);

    EXPECT_EQ(users.Delete("nope").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(users.Delete("u2"));
    EXPECT_EQ(*users.Count(), 1);
}

TEST_P(StoreContract, UserProfileUpdateLeavesPasswordAndRolesAlone) {
    auto& users = store_->Users();
    User u = MakeUser("u1", "camille@example.org");
    u.platform_role = "platform_admin";
    ASSERT_TRUE(users.Create(u));
    User changed = u;
    changed.password_hash = "$argon2id$changed-meanwhile";
    changed.password_changed_at = 7000;
    ASSERT_TRUE(users.Update(changed));

    ASSERT_TRUE(users.UpdateProfile("u1", "Camille Martin", "en"));
    auto got = users.Get("u1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->display_name, "Camille Martin");
    EXPECT_EQ(got->locale, "en");
    EXPECT_EQ(got->password_hash, "$argon2id$changed-meanwhile");
    EXPECT_EQ(got->password_changed_at, 7000);
    EXPECT_EQ(got->platform_role, "platform_admin");
    EXPECT_EQ(got->email, "camille@example.org");

    auto missing = users.UpdateProfile("nope", "X", "fr");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, Memberships) {
    Seed();
    auto& m = store_->Memberships();
    ASSERT_TRUE(m.Upsert({"o1", "u1", "learner", 100}));
    ASSERT_TRUE(m.Upsert({"o1", "u2", "org_admin", 200}));
    ASSERT_TRUE(m.Upsert({"o2", "u1", "mediator", 300}));

    auto got = m.Get("o1", "u1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->role, "learner");
    EXPECT_EQ(got->created_at, 100);

    ASSERT_TRUE(m.Upsert({"o1", "u1", "mediator", 999}));
    got = m.Get("o1", "u1");
    EXPECT_EQ(got->role, "mediator");
    EXPECT_EQ(got->created_at, 100);

    auto by_org = m.ListByOrg("o1");
    ASSERT_TRUE(by_org);
    ASSERT_EQ(by_org->size(), 2u);
    EXPECT_EQ((*by_org)[0].user_id, "u1");
    EXPECT_EQ((*by_org)[1].user_id, "u2");
    auto by_user = m.ListByUser("u1");
    ASSERT_TRUE(by_user);
    ASSERT_EQ(by_user->size(), 2u);
    EXPECT_EQ((*by_user)[0].org_id, "o1");
    EXPECT_EQ((*by_user)[1].org_id, "o2");

    EXPECT_EQ(*m.CountByRole("o1", "mediator"), 1);
    EXPECT_EQ(*m.CountByRole("o1", "org_admin"), 1);
    EXPECT_EQ(*m.CountByRole("o1", "learner"), 0);

    auto dangling = m.Upsert({"o1", "ghost", "learner", 1});
    ASSERT_FALSE(dangling);
    EXPECT_EQ(dangling.error().code, ErrorCode::kConflict);

    ASSERT_TRUE(m.Delete("o1", "u1"));
    EXPECT_EQ(m.Get("o1", "u1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(m.Delete("o1", "u1").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, Sessions) {
    Seed();
    auto& s = store_->Sessions();
    ASSERT_TRUE(s.Create({"h1", "u1", "csrf1", 100, 100, 1000}));
    ASSERT_TRUE(s.Create({"h2", "u1", "csrf2", 200, 200, 2000}));
    ASSERT_TRUE(s.Create({"h3", "u2", "csrf3", 300, 300, 3000}));
    EXPECT_EQ(s.Create({"h1", "u2", "x", 1, 1, 1}).error().code, ErrorCode::kConflict);
    EXPECT_EQ(s.Create({"h9", "ghost", "x", 1, 1, 1}).error().code, ErrorCode::kConflict);

    auto got = s.Get("h1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->user_id, "u1");
    EXPECT_EQ(got->csrf_token, "csrf1");
    EXPECT_EQ(got->created_at, 100);
    EXPECT_EQ(got->expires_at, 1000);
    EXPECT_EQ(s.Get("nope").error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(s.Touch("h1", 500, 5000));
    got = s.Get("h1");
    EXPECT_EQ(got->last_seen_at, 500);
    EXPECT_EQ(got->expires_at, 5000);
    EXPECT_EQ(s.Touch("nope", 1, 2).error().code, ErrorCode::kNotFound);

    auto list = s.ListForUser("u1");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id_hash, "h2");  // newest first

    auto removed = s.DeleteExpired(2500);  // h2 (2000) expired; h1 (5000), h3 (3000) live
    ASSERT_TRUE(removed);
    EXPECT_EQ(*removed, 1);
    EXPECT_EQ(s.Get("h2").error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(s.Delete("h1"));
    EXPECT_TRUE(s.Delete("h1"));  // idempotent
    EXPECT_EQ(s.Get("h1").error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(s.Create({"h4", "u2", "csrf4", 400, 400, 4000}));
    ASSERT_TRUE(s.DeleteForUser("u2"));
    EXPECT_TRUE(s.ListForUser("u2")->empty());
}

TEST_P(StoreContract, ApiTokens) {
    Seed();
    auto& t = store_->ApiTokens();
    ASSERT_TRUE(t.Create({"t1", "o1", "export", "mediator", "sha1", "u1", 100, 0, 0}));
    ASSERT_TRUE(t.Create({"t2", "o1", "sync", "learner", "sha2", "", 200, 0, 0}));
    ASSERT_TRUE(t.Create({"t3", "o2", "other", "org_admin", "sha3", "u2", 300, 0, 0}));
    EXPECT_EQ(t.Create({"t1", "o1", "x", "learner", "sha9", "", 1, 0, 0}).error().code, ErrorCode::kConflict);
    EXPECT_EQ(t.Create({"t9", "ghost", "x", "learner", "sha9", "", 1, 0, 0}).error().code,
              ErrorCode::kConflict);

    auto got = t.Get("t1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->org_id, "o1");
    EXPECT_EQ(got->name, "export");
    EXPECT_EQ(got->role, "mediator");
    EXPECT_EQ(got->secret_hash, "sha1");
    EXPECT_EQ(got->created_by, "u1");
    EXPECT_EQ(got->created_at, 100);
    EXPECT_EQ(got->last_used_at, 0);
    EXPECT_EQ(got->revoked_at, 0);
    EXPECT_EQ(t.Get("t2")->created_by, "");
    EXPECT_EQ(t.Get("nope").error().code, ErrorCode::kNotFound);

    auto list = t.ListByOrg("o1");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, "t1");
    EXPECT_EQ((*list)[1].id, "t2");

    ASSERT_TRUE(t.TouchUsed("t1", 700));
    EXPECT_EQ(t.Get("t1")->last_used_at, 700);
    ASSERT_TRUE(t.Revoke("t1", 800));
    ASSERT_TRUE(t.Revoke("t1", 900));
    EXPECT_EQ(t.Get("t1")->revoked_at, 800);
    EXPECT_EQ(t.Revoke("nope", 1).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(t.TouchUsed("nope", 1).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, Invitations) {
    Seed();
    auto& inv = store_->Invitations();
    ASSERT_TRUE(inv.Create({"i1", "o1", "new@example.org", "mediator", "th1", "u1", 100, 10000, 0, ""}));
    ASSERT_TRUE(inv.Create({"i2", "o1", "old@example.org", "learner", "th2", "", 50, 900, 0, ""}));
    ASSERT_TRUE(inv.Create({"i3", "o2", "x@example.org", "learner", "th3", "u2", 150, 10000, 0, ""}));
    EXPECT_EQ(inv.Create({"i4", "o1", "y@example.org", "learner", "th1", "", 1, 2, 0, ""}).error().code,
              ErrorCode::kConflict);
    EXPECT_EQ(inv.Create({"i5", "ghost", "y@example.org", "learner", "th5", "", 1, 2, 0, ""}).error().code,
              ErrorCode::kConflict);

    auto got = inv.Get("i1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->org_id, "o1");
    EXPECT_EQ(got->email, "new@example.org");
    EXPECT_EQ(got->role, "mediator");
    EXPECT_EQ(got->token_hash, "th1");
    EXPECT_EQ(got->created_by, "u1");
    EXPECT_EQ(got->created_at, 100);
    EXPECT_EQ(got->expires_at, 10000);
    EXPECT_EQ(got->accepted_at, 0);
    EXPECT_EQ(got->accepted_by, "");
    EXPECT_EQ(inv.Get("nope").error().code, ErrorCode::kNotFound);
    EXPECT_NE(inv.Get("nope").error().message.find("invitation"), std::string::npos);

    auto by_token = inv.FindByTokenHash("th3");
    ASSERT_TRUE(by_token);
    EXPECT_EQ(by_token->id, "i3");
    EXPECT_EQ(inv.FindByTokenHash("nope").error().code, ErrorCode::kNotFound);

    auto pending = inv.ListPendingByOrg("o1", 1000);  // i2 expired at 900
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ((*pending)[0].id, "i1");
    pending = inv.ListPendingByOrg("o1", 500);
    ASSERT_EQ(pending->size(), 2u);
    EXPECT_EQ((*pending)[0].id, "i2");  // oldest first

    ASSERT_TRUE(inv.Delete("i2"));
    EXPECT_EQ(inv.Delete("i2").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, InvitationAcceptIsAtomicAndOnce) {
    Seed();
    auto& inv = store_->Invitations();
    ASSERT_TRUE(inv.Create({"i1", "o1", "b@example.org", "mediator", "th1", "u1", 100, 10000, 0, ""}));

    // A user that does not exist: nothing changes (the invitation stays pending).
    auto ghost = inv.Accept("i1", "ghost", 500);
    ASSERT_FALSE(ghost);
    EXPECT_EQ(ghost.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(inv.Get("i1")->accepted_at, 0);

    ASSERT_TRUE(store_->Memberships().Upsert({"o1", "u2", "learner", 50}));
    auto accepted = inv.Accept("i1", "u2", 600);
    ASSERT_TRUE(accepted) << accepted.error().message;
    auto got = inv.Get("i1");
    EXPECT_EQ(got->accepted_at, 600);
    EXPECT_EQ(got->accepted_by, "u2");
    auto member = store_->Memberships().Get("o1", "u2");
    ASSERT_TRUE(member);
    EXPECT_EQ(member->role, "mediator");
    EXPECT_TRUE(inv.ListPendingByOrg("o1", 700)->empty());

    ASSERT_TRUE(store_->Memberships().Upsert({"o1", "u2", "learner", 50}));
    auto again = inv.Accept("i1", "u1", 700);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(inv.Get("i1")->accepted_by, "u2");
    EXPECT_EQ(store_->Memberships().Get("o1", "u2")->role, "learner");
    EXPECT_EQ(store_->Memberships().Get("o1", "u1").error().code, ErrorCode::kNotFound);

    EXPECT_EQ(inv.Accept("nope", "u1", 1).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, Audit) {
    auto& a = store_->Audit();
    ASSERT_TRUE(a.Append({"e1", 100, "auth.login", "u1", "", "", "127.0.0.1", "{}"}));
    ASSERT_TRUE(a.Append({"e2", 300, "org.member_added", "u1", "o1", "u2", "", R"({"role":"mediator"})"}));
    ASSERT_TRUE(a.Append({"e3", 200, "org.renamed", "", "o1", "", "", ""}));
    ASSERT_TRUE(a.Append({"e4", 400, "org.renamed", "u2", "o2", "", "", "{}"}));
    EXPECT_EQ(a.Append({"e1", 1, "x", "", "", "", "", "{}"}).error().code, ErrorCode::kConflict);

    auto by_org = a.ListByOrg("o1", 10);
    ASSERT_TRUE(by_org) << by_org.error().message;
    ASSERT_EQ(by_org->size(), 2u);
    EXPECT_EQ((*by_org)[0].id, "e2");
    EXPECT_EQ((*by_org)[0].at, 300);
    EXPECT_EQ((*by_org)[0].event, "org.member_added");
    EXPECT_EQ((*by_org)[0].actor_user_id, "u1");
    EXPECT_EQ((*by_org)[0].subject, "u2");
    EXPECT_EQ((*by_org)[0].details_json, R"({"role":"mediator"})");
    EXPECT_EQ((*by_org)[1].id, "e3");
    EXPECT_EQ((*by_org)[1].actor_user_id, "");
    EXPECT_EQ((*by_org)[1].details_json, "{}");
    EXPECT_EQ(a.ListByOrg("o1", 1)->size(), 1u);

    auto by_actor = a.ListByActor("u1", 10);
    ASSERT_TRUE(by_actor);
    ASSERT_EQ(by_actor->size(), 2u);
    EXPECT_EQ((*by_actor)[0].id, "e2");
    EXPECT_EQ((*by_actor)[1].id, "e1");
    EXPECT_EQ((*by_actor)[1].org_id, "");
    EXPECT_EQ((*by_actor)[1].ip, "127.0.0.1");
    EXPECT_EQ(a.ListByActor("u1", 0).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(a.ListByOrg("o1", 1001).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreContract, DeletingAUserCascadesAndClearsAuthorship) {
    Seed();
    ASSERT_TRUE(store_->Memberships().Upsert({"o1", "u1", "org_admin", 1}));
    ASSERT_TRUE(store_->Memberships().Upsert({"o2", "u1", "learner", 1}));
    ASSERT_TRUE(store_->Memberships().Upsert({"o1", "u2", "learner", 1}));
    ASSERT_TRUE(store_->Sessions().Create({"h1", "u1", "c", 1, 1, 99999}));
    ASSERT_TRUE(store_->Sessions().Create({"h2", "u2", "c", 1, 1, 99999}));
    ASSERT_TRUE(store_->ApiTokens().Create({"t1", "o1", "n", "mediator", "s1", "u1", 1, 0, 0}));
    ASSERT_TRUE(
        store_->Invitations().Create({"i1", "o1", "z@example.org", "learner", "th1", "u1", 1, 99999, 0, ""}));
    ASSERT_TRUE(
        store_->Invitations().Create({"i2", "o2", "a@example.org", "learner", "th2", "u2", 1, 99999, 0, ""}));
    ASSERT_TRUE(store_->Invitations().Accept("i2", "u1", 5));
    ASSERT_TRUE(store_->Audit().Append({"e1", 10, "auth.login", "u1", "o1", "", "", "{}"}));
    ASSERT_TRUE(store_->Audit().Append({"e2", 11, "auth.login", "u2", "o1", "", "", "{}"}));

    ASSERT_TRUE(store_->Users().Delete("u1"));

    EXPECT_EQ(store_->Users().Get("u1").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(store_->Memberships().ListByUser("u1")->empty());
    EXPECT_EQ(store_->Memberships().ListByOrg("o1")->size(), 1u);
    EXPECT_EQ(store_->Sessions().Get("h1").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(store_->Sessions().Get("h2"));
    EXPECT_EQ(store_->ApiTokens().Get("t1")->created_by, "");
    EXPECT_EQ(store_->Invitations().Get("i1")->created_by, "");
    EXPECT_EQ(store_->Invitations().Get("i2")->accepted_by, "");
    EXPECT_EQ(store_->Invitations().Get("i2")->accepted_at, 5);
    EXPECT_TRUE(store_->Audit().ListByActor("u1", 10)->empty());
    auto events = store_->Audit().ListByOrg("o1", 10);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].actor_user_id, "u2");
    EXPECT_EQ((*events)[1].id, "e1");
    EXPECT_EQ((*events)[1].actor_user_id, "");
}

TEST_P(StoreContract, DeletingAnOrganizationCascadesButKeepsAudit) {
    Seed();
    ASSERT_TRUE(store_->Memberships().Upsert({"o1", "u1", "org_admin", 1}));
    ASSERT_TRUE(store_->Memberships().Upsert({"o2", "u1", "learner", 1}));
    ASSERT_TRUE(store_->ApiTokens().Create({"t1", "o1", "n", "mediator", "s1", "u1", 1, 0, 0}));
    ASSERT_TRUE(store_->ApiTokens().Create({"t2", "o2", "n", "mediator", "s2", "u1", 1, 0, 0}));
    ASSERT_TRUE(
        store_->Invitations().Create({"i1", "o1", "z@example.org", "learner", "th1", "u1", 1, 99999, 0, ""}));
    ASSERT_TRUE(store_->Audit().Append({"e1", 10, "org.created", "u1", "o1", "", "", "{}"}));

    ASSERT_TRUE(store_->Organizations().Delete("o1"));

    EXPECT_TRUE(store_->Memberships().ListByOrg("o1")->empty());
    EXPECT_EQ(store_->Memberships().ListByUser("u1")->size(), 1u);
    EXPECT_EQ(store_->ApiTokens().Get("t1").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(store_->ApiTokens().Get("t2"));
    EXPECT_EQ(store_->Invitations().Get("i1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_->Audit().ListByOrg("o1", 10)->size(), 1u);
    EXPECT_TRUE(store_->Users().Get("u1"));
}

TEST_P(StoreContract, RateLimitWindows) {
    auto& rl = store_->RateLimits();
    EXPECT_EQ(*rl.Peek("login:a", 60000), 0);
    EXPECT_EQ(*rl.Hit("login:a", 60000), 1);
    EXPECT_EQ(*rl.Hit("login:a", 60000), 2);
    EXPECT_EQ(*rl.Hit("login:a", 60000), 3);
    EXPECT_EQ(*rl.Hit("login:b", 60000), 1);
    EXPECT_EQ(*rl.Peek("login:a", 60000), 3);
    EXPECT_EQ(*rl.Hit("login:a", 120000), 1);  // a new window forgets the old one
    EXPECT_EQ(*rl.Peek("login:a", 60000), 0);
    EXPECT_EQ(*rl.Peek("login:a", 120000), 1);
    ASSERT_TRUE(rl.Reset("login:a"));
    EXPECT_EQ(*rl.Peek("login:a", 120000), 0);
    EXPECT_EQ(*rl.Hit("login:a", 120000), 1);
    EXPECT_EQ(*rl.Peek("login:b", 60000), 1);
    EXPECT_TRUE(rl.Reset("never-seen"));
}

TEST_P(StoreContract, MigrateIsIdempotent) {
    auto version = store_->SchemaVersion();
    ASSERT_TRUE(version);
    auto embedded = EmbeddedMigrations(store_->Kind());
    ASSERT_TRUE(embedded);
    ASSERT_FALSE(embedded->empty());
    EXPECT_EQ(*version, embedded->back().version);

    auto again = store_->Migrate();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->applied.empty());
    EXPECT_EQ(again->from_version, *version);
    EXPECT_EQ(again->to_version, *version);
    auto rows = Db().Query("SELECT version, name FROM schema_migrations ORDER BY version");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), embedded->size());
    EXPECT_EQ(AsText((*rows)[0][1]), "0001_foundation.sql");
}

TEST_P(StoreContract, FailedMigrationLeavesSchemaUnchanged) {
    auto migrations = *EmbeddedMigrations(store_->Kind());
    const int base = migrations.back().version;
    migrations.push_back({base + 1, "9998_broken.sql",
                          "-- creates a table, then fails: the table must not survive\n"
                          "CREATE TABLE broken_table (x INTEGER NOT NULL);\n"
                          "INSERT INTO broken_table (x) VALUES (1);\n"
                          "INSERT INTO no_such_table (x) VALUES ('a;b');\n"});
    auto failed = MigrateWith(Db(), migrations);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("9998_broken.sql"), std::string::npos) << failed.error().message;
    EXPECT_NE(failed.error().message.find("statement 3"), std::string::npos) << failed.error().message;
    EXPECT_EQ(*store_->SchemaVersion(), base);
    EXPECT_FALSE(Db().Query("SELECT x FROM broken_table"));

    migrations.back().sql = "CREATE TABLE broken_table (x INTEGER NOT NULL)";
    auto fixed = MigrateWith(Db(), migrations);
    ASSERT_TRUE(fixed) << fixed.error().message;
    ASSERT_EQ(fixed->applied.size(), 1u);
    EXPECT_EQ(fixed->applied[0], "9998_broken.sql");
    EXPECT_EQ(fixed->from_version, base);
    EXPECT_EQ(fixed->to_version, base + 1);
    EXPECT_TRUE(Db().Query("SELECT x FROM broken_table"));
}

TEST_P(StoreContract, ConcurrentWritersDoNotFail) {
    constexpr int kThreads = 8;
    constexpr int kWrites = 200;
    std::atomic<int> failures{0};
    std::string first_error;
    std::mutex error_mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kWrites; ++i) {
                auto hit = store_->RateLimits().Hit("shared", 1);
                auto append = store_->Audit().Append(
                    {fmt::format("e-{}-{}", t, i), i, "test.write", "", "org", "", "", "{}"});
                if (!hit || !append) {
                    if (failures.fetch_add(1) == 0) {
                        std::lock_guard lock(error_mu);
                        first_error = !hit ? hit.error().message : append.error().message;
                    }
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0) << first_error;
    EXPECT_EQ(*store_->RateLimits().Peek("shared", 1), kThreads * kWrites);
    auto count = Db().Query("SELECT COUNT(*) FROM audit_events");
    ASSERT_TRUE(count);
    EXPECT_EQ(AsInt((*count)[0][0]), kThreads * kWrites);
}

TEST_P(StoreContract, TwoStoresOnOneDatabaseSeeEachOthersWrites) {
    if (GetParam() == Backend::kSqliteMemory) GTEST_SKIP() << "each :memory: store is its own database";
    auto other = OpenAnother();
    ASSERT_NE(other, nullptr);
    ASSERT_TRUE(store_->Users().Create(MakeUser("u1", "a@example.org")));
    auto seen = other->Users().FindByEmail("a@example.org");
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(seen->id, "u1");
    EXPECT_EQ(other->Users().Create(MakeUser("u2", "a@example.org")).error().field, "email");
    EXPECT_EQ(*store_->RateLimits().Hit("k", 1), 1);
    EXPECT_EQ(*other->RateLimits().Hit("k", 1), 2);
    EXPECT_EQ(*store_->RateLimits().Hit("k", 1), 3);
    ASSERT_TRUE(other->Sessions().Create({"h", "u1", "c", 1, 1, 10}));
    EXPECT_TRUE(store_->Sessions().Get("h"));
    auto migrated = other->Migrate();
    ASSERT_TRUE(migrated);
    EXPECT_TRUE(migrated->applied.empty());
}

TEST_P(StoreContract, ConcurrentMigrationsApplyEachVersionOnce) {
    std::string url = url_;
    std::filesystem::path fresh;
    switch (GetParam()) {
        case Backend::kSqliteMemory:
            GTEST_SKIP() << "each :memory: store is its own database";
        case Backend::kSqliteFile:
            fresh = path_.string() + ".fresh";
            url = "sqlite:" + fresh.string();
            break;
        case Backend::kPostgres:
            ResetPgSchema(Db());
            if (HasFatalFailure()) return;
            break;
    }
    {
        auto a = OpenStore(url, {.pool_size = 2, .busy_timeout_ms = 10000});
        auto b = OpenStore(url, {.pool_size = 2, .busy_timeout_ms = 10000});
        ASSERT_TRUE(a && b);
        core::Result<MigrationReport> ra, rb;
        std::thread ta([&] { ra = (*a)->Migrate(); });
        std::thread tb([&] { rb = (*b)->Migrate(); });
        ta.join();
        tb.join();
        ASSERT_TRUE(ra) << ra.error().message;
        ASSERT_TRUE(rb) << rb.error().message;
        const auto embedded = *EmbeddedMigrations(store_->Kind());
        EXPECT_EQ(ra->applied.size() + rb->applied.size(), embedded.size());
        EXPECT_EQ(ra->to_version, embedded.back().version);
        EXPECT_EQ(rb->to_version, embedded.back().version);
        EXPECT_TRUE((*a)->Users().Create(MakeUser("u1", "a@example.org")));
        EXPECT_TRUE((*b)->Users().Get("u1"));
    }
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (!fresh.empty()) std::filesystem::remove(fresh.string() + suffix, ec);
    }
}

TEST_P(StoreContract, PostgresReconnectsABrokenConnection) {
    if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL connection handling";
    auto other = OpenStore(url_, {.pool_size = 1, .busy_timeout_ms = 5000});
    ASSERT_TRUE(other) << other.error().message;
    Database* db = DatabaseOf(**other);
    auto pid = db->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid);
    auto killed = Db().Query("SELECT pg_terminate_backend($1)", {AsInt((*pid)[0][0])});
    ASSERT_TRUE(killed) << killed.error().message;
    // The first call may discover the broken connection (kUnavailable, never retried: it could be
    // a write); the next one resets it and succeeds.
    auto first = (*other)->Ping();
    if (!first) {
        EXPECT_EQ(first.error().code, ErrorCode::kUnavailable) << first.error().message;
    }
    auto second = (*other)->Ping();
    EXPECT_TRUE(second) << second.error().message;
    auto new_pid = db->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(new_pid);
    EXPECT_NE(AsInt((*new_pid)[0][0]), AsInt((*pid)[0][0]));
}

TEST_P(StoreContract, MetricsNameOperationsNotSql) {
    ASSERT_FALSE(store_->Users().Get("nope"));
    ASSERT_TRUE(store_->RateLimits().Hit("k", 1));
    const std::string text = metrics_.RenderPrometheus();
    EXPECT_NE(text.find("passeur_store_query_duration_seconds_count{op=\"users.get\"} 1"), std::string::npos)
        << text;
    EXPECT_NE(text.find("op=\"rate_limits.hit\""), std::string::npos);
    EXPECT_EQ(text.find("SELECT"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract,
                         ::testing::Values(Backend::kSqliteFile, Backend::kSqliteMemory, Backend::kPostgres),
                         BackendName);

// ----------------------------------------------------------------------------------------------
// Backend-independent behaviour.

TEST(StoreOpen, RejectsUnknownSchemes) {
    for (const char* url : {"mysql://localhost/db", "file:x.db", "redis:x", ""}) {
        auto r = OpenStore(url);
        ASSERT_FALSE(r) << url;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << url;
        EXPECT_EQ(r.error().field, "url");
        EXPECT_NE(r.error().message.find("sqlite:PATH"), std::string::npos);
        EXPECT_NE(r.error().message.find("postgresql://"), std::string::npos);
    }
}

TEST(StoreOpen, OpeningDoesNotMigrate) {
    auto store = OpenStore(":memory:");
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ((*store)->Kind(), "sqlite");
    EXPECT_EQ(*(*store)->SchemaVersion(), 0);
    EXPECT_FALSE((*store)->Users().Count());
}

TEST(StoreOpen, UnreachablePostgresIsUnavailable) {
    auto store =
        OpenStore("postgresql://postgres@127.0.0.1:1/none", {.pool_size = 1, .busy_timeout_ms = 2000});
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable) << store.error().message;
}

TEST(StoreOpen, UnopenableSqliteIsUnavailable) {
    auto store = OpenStore("sqlite:/nonexistent-dir/sub/x.db");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable) << store.error().message;
}

TEST(Migrations, SplitStatementsUnderstandsCommentsAndStrings) {
    auto statements = SplitStatements(
        "-- header; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT 'it''s;');\n\n"
        "INSERT INTO a VALUES ('--not a comment');  -- trailing; comment\n   \n");
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_NE(statements[0].find("'it''s;'"), std::string::npos);
    EXPECT_NE(statements[1].find("'--not a comment'"), std::string::npos);
    EXPECT_EQ(statements[0].find("header"), std::string::npos);
    EXPECT_TRUE(SplitStatements("-- only a comment;\n  ").empty());
}

TEST(Migrations, EmbeddedForBothEngines) {
    for (const char* kind : {"sqlite", "postgresql"}) {
        auto m = EmbeddedMigrations(kind);
        ASSERT_TRUE(m) << m.error().message;
        ASSERT_FALSE(m->empty());
        EXPECT_EQ((*m)[0].version, 1);
        EXPECT_EQ((*m)[0].name, "0001_foundation.sql");
        EXPECT_NE((*m)[0].sql.find("CREATE TABLE users"), std::string::npos);
    }
}

TEST(Migrations, RejectsUnorderedVersions) {
    auto db = OpenStore(":memory:");
    ASSERT_TRUE(db);
    auto r = MigrateWith(*DatabaseOf(**db), {{2, "0002_b.sql", "SELECT 1"}, {1, "0001_a.sql", "SELECT 1"}});
    ASSERT_FALSE(r);
    EXPECT_EQ(*(*db)->SchemaVersion(), 0);
}

}  // namespace
}  // namespace passeur::store
