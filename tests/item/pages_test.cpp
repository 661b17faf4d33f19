// The item bank pages (src/item/pages) in the real Application: access, list filters, the
// authoring form for every type, optimistic concurrency, the learner preview and its scoring,
// retire/restore and the item images.
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "item/pages/item_pages.hpp"
#include "support/app_pages.hpp"

namespace passeur::item {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

class ItemPages : public testing::AppPages {
protected:
    static ItemRecord Stored(const std::string& id) {
        auto record = App().Items().Get(id, Actor::System());
        EXPECT_TRUE(record.has_value()) << id;
        return record ? *record : ItemRecord{};
    }

    static std::size_t Count(const std::string& text, const std::string& needle) {
        std::size_t n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
        return n;
    }

    // A valid single-choice item of competence 1.1 whose stem shows the test image.
    static Fields SingleChoice(const std::string& id) {
        return {{"id", id},
                {"competence", "competences-numeriques/1.1"},
                {"level", "2"},
                {"type", "single_choice"},
                {"stem", "Quel mot de passe est le plus solide ?\n\n![Un carré noir](images/dessin.svg)"},
                {"options", "a | azerty\r\nb | Une longue phrase facile à retenir\r\nc | 123456"},
                {"answer_ids", "b"},
                {"feedback", "Une phrase longue résiste aux essais automatiques : CLEF-SECRETE-EXPLICATION."},
                {"screen_reader", "1"},
                {"no_colour", "1"},
                {"no_timer", "1"}};
    }
};

// cn-1.1-001: single choice, key "c", feedback starting like this.
constexpr const char* kShippedItem = "cn-1.1-001";
constexpr const char* kShippedFeedback = "Il faut donner au moteur de recherche";

TEST_F(ItemPages, AnonymousVisitorsAreSentToTheLoginPage) {
    for (const std::string path :
         {"/admin/questions", "/admin/questions/cn-1.1-001", "/admin/questions/nouvelle",
          "/admin/questions/cn-1.1-001/modifier", "/admin/questions/cn-1.1-001/apercu"}) {
        auto reply = Get(path);
        EXPECT_EQ(reply.status, 303U) << path;
        EXPECT_TRUE(reply.location.starts_with("/connexion?retour=")) << path << " -> " << reply.location;
        EXPECT_EQ(reply.body.find(kShippedFeedback), std::string::npos);
    }
    auto post = Call("POST", "/admin/questions/cn-1.1-001/retirer", {}, "");
    EXPECT_EQ(post.status, 303U);
    EXPECT_EQ(Stored(kShippedItem).item.status, ItemStatus::kActive);
}

TEST_F(ItemPages, LearnersAndMediatorsAreRefusedAndSeeNoKey) {
    for (const char* email : {kLearner, kMediator}) {
        Session session = Login(email);
        for (const std::string path :
             {"/admin/questions", "/admin/questions?q=moteur", "/admin/questions/cn-1.1-001",
              "/admin/questions/nouvelle", "/admin/questions/cn-1.1-001/modifier",
              "/admin/questions/cn-1.1-001/apercu"}) {
            auto reply = Get(path, session);
            EXPECT_EQ(reply.status, 403U) << email << " " << path;
            EXPECT_EQ(reply.body.find(kShippedFeedback), std::string::npos) << path;
            EXPECT_EQ(reply.body.find("horaires mairie Montreuil"), std::string::npos) << path;
        }
        EXPECT_EQ(Post("/admin/questions/cn-1.1-001/retirer", session, {}).status, 403U);
        EXPECT_EQ(Post("/admin/questions/cn-1.1-001/apercu", session, {{"answer", "c"}}).status, 403U);
        auto created = Post("/admin/questions/nouvelle", session, SingleChoice("test-intrus-001"));
        EXPECT_EQ(created.status, 403U);
    }
    EXPECT_EQ(Stored(kShippedItem).item.status, ItemStatus::kActive);
    EXPECT_FALSE(App().Items().Get("test-intrus-001", Actor::System()).has_value());
}

TEST_F(ItemPages, AdminListsWithFiltersAndCounts) {
    Session admin = Login(kAdmin);
    ItemFilter filter;
    filter.framework = "competences-numeriques";
    filter.competence = "1.1";
    const auto expected = App().Items().List(filter, Actor::System()).value().total;
    ASSERT_GT(expected, 5);

    auto all = Get("/admin/questions", admin);
    ASSERT_EQ(all.status, 200U);
    const auto total = App().Items().List({}, Actor::System()).value().total;
    EXPECT_NE(all.body.find(std::to_string(total) + " questions trouvées"), std::string::npos);

    auto reply = Get("/admin/questions?framework=competences-numeriques&competence=1.1", admin);
    ASSERT_EQ(reply.status, 200U);
    EXPECT_NE(
        reply.body.find(std::to_string(expected) + " questions trouvées (de 1 à " + std::to_string(expected)),
        std::string::npos);
    EXPECT_NE(reply.body.find("href=\"/admin/questions/cn-1.1-001\""), std::string::npos);
    EXPECT_EQ(reply.body.find("href=\"/admin/questions/cn-1.2-001\""), std::string::npos);
    EXPECT_EQ(Count(reply.body, "<tr>") - 1, static_cast<std::size_t>(expected));  // minus the header row

    // Level and type narrow the list; free text finds one item.
    filter.level = 1;
    filter.type = ItemType::kSingleChoice;
    const auto narrowed = App().Items().List(filter, Actor::System()).value().total;
    auto level = Get(
        "/admin/questions?framework=competences-numeriques&competence=1.1&level=1&type=single_choice", admin);
    EXPECT_NE(level.body.find(std::to_string(narrowed) + " question"), std::string::npos);
    auto text = Get("/admin/questions?q=horaires+mairie+Montreuil", admin);
    EXPECT_NE(text.body.find("href=\"/admin/questions/cn-1.1-001\""), std::string::npos);

    // Pages of 5 keep the filters in their links.
    auto page =
        Get("/admin/questions?competence=1.1&framework=competences-numeriques&limit=5&offset=5", admin);
    EXPECT_NE(page.body.find("(de 6 à 10)"), std::string::npos);
    EXPECT_NE(page.body.find("framework=competences-numeriques&amp;competence=1.1&amp;limit=5&amp;offset=10"),
              std::string::npos);
    EXPECT_NE(page.body.find("limit=5&amp;offset=0"), std::string::npos);
}

TEST_F(ItemPages, DetailShowsTheKeyFeedbackCompetenceAndRevisions) {
    Session admin = Login(kAdmin);
    auto reply = Get("/admin/questions/cn-1.1-001", admin);
    ASSERT_EQ(reply.status, 200U);
    EXPECT_NE(reply.body.find(kShippedFeedback), std::string::npos);
    EXPECT_NE(reply.body.find("<code>c</code> horaires mairie Montreuil — <strong>bonne réponse</strong>"),
              std::string::npos);
    EXPECT_NE(reply.body.find("href=\"/referentiels/competences-numeriques/competences/1.1\""),
              std::string::npos);
    EXPECT_NE(reply.body.find("Historique"), std::string::npos);
    EXPECT_EQ(Get("/admin/questions/absente-000", admin).status, 404U);
}

TEST_F(ItemPages, CreateEveryTypeThroughTheForm) {
    Session admin = Login(kAdmin);
    auto reply = Post("/admin/questions/nouvelle", admin, SingleChoice("test-page-001"));
    ASSERT_EQ(reply.status, 303U) << reply.body;
    EXPECT_EQ(reply.location, "/admin/questions/test-page-001");
    Item single = Stored("test-page-001").item;
    EXPECT_EQ(single.options.size(), 3U);
    EXPECT_EQ(single.options[1].text, "Une longue phrase facile à retenir");
    EXPECT_EQ(std::get<SingleChoiceKey>(single.answer).option, "b");
    EXPECT_EQ(single.revision, 1);

    auto common = [](std::string id, std::string type) {
        return Fields{{"id", std::move(id)},    {"competence", "competences-numeriques/1.1"},
                      {"level", "3"},           {"type", std::move(type)},
                      {"stem", "Une question"}, {"feedback", "Une explication"},
                      {"screen_reader", "1"},   {"no_colour", "1"}};
    };
    auto with = [](Fields fields, const Fields& more) {
        fields.insert(fields.end(), more.begin(), more.end());
        return fields;
    };
    ASSERT_EQ(
        Post("/admin/questions/nouvelle", admin,
             with(common("test-page-002", "multiple_choice"), {{"options", "a | Un\nb | Deux\nc | Trois"},
                                                               {"answer_ids", "a, c"},
                                                               {"scoring", "partial"}}))
            .status,
        303U);
    Item multiple = Stored("test-page-002").item;
    EXPECT_EQ(std::get<MultipleChoiceKey>(multiple.answer).options, (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(multiple.scoring, ScoringMode::kPartial);
    EXPECT_FALSE(multiple.accessibility.no_timer);

    ASSERT_EQ(Post("/admin/questions/nouvelle", admin,
                   with(common("test-page-003", "ordering"),
                        {{"options", "a | Un\nb | Deux\nc | Trois"}, {"answer_ids", "c b a"}}))
                  .status,
              303U);
    EXPECT_EQ(std::get<OrderingKey>(Stored("test-page-003").item.answer).order,
              (std::vector<std::string>{"c", "b", "a"}));

    ASSERT_EQ(
        Post("/admin/questions/nouvelle", admin,
             with(common("test-page-004", "matching"), {{"left", "l1 | Courriel\nl2 | Visio"},
                                                        {"right", "r1 | Messagerie\nr2 | Caméra\nr3 | Piège"},
                                                        {"answer_pairs", "l1 = r1\nl2 = r2"}}))
            .status,
        303U);
    Item matching = Stored("test-page-004").item;
    EXPECT_EQ(matching.right.size(), 3U);
    EXPECT_EQ(std::get<MatchingKey>(matching.answer).pairs.size(), 2U);

    ASSERT_EQ(Post("/admin/questions/nouvelle", admin,
                   with(common("test-page-005", "short_text"),
                        {{"accepted", "mot de passe\nmdp"}, {"accent_sensitive", "1"}}))
                  .status,
              303U);
    auto text = std::get<ShortTextKey>(Stored("test-page-005").item.answer);
    EXPECT_EQ(text.accepted, (std::vector<std::string>{"mot de passe", "mdp"}));
    EXPECT_TRUE(text.accent_sensitive);
    EXPECT_FALSE(text.case_sensitive);

    ASSERT_EQ(Post("/admin/questions/nouvelle", admin,
                   with(common("test-page-006", "numeric"),
                        {{"numeric_value", "12,5"}, {"numeric_tolerance", "0,5"}, {"numeric_unit", "€"}}))
                  .status,
              303U);
    auto numeric = std::get<NumericKey>(Stored("test-page-006").item.answer);
    EXPECT_DOUBLE_EQ(numeric.value, 12.5);
    EXPECT_DOUBLE_EQ(numeric.tolerance, 0.5);
    EXPECT_EQ(numeric.unit.value_or(""), "€");

    // The edit form shows the stored item in the same shape.
    auto edit = Get("/admin/questions/test-page-004/modifier", admin);
    ASSERT_EQ(edit.status, 200U);
    EXPECT_NE(edit.body.find("l1 = r1\nl2 = r2"), std::string::npos);
    EXPECT_NE(edit.body.find("r3 | Piège"), std::string::npos);
    EXPECT_NE(edit.body.find("name=\"revision\" value=\"1\""), std::string::npos);
}

TEST_F(ItemPages, InvalidFormNamesTheFieldKeepsTheValuesAndStoresNothing) {
    Session admin = Login(kAdmin);
    Fields fields = SingleChoice("test-invalide-001");
    for (auto& [name, value] : fields) {
        if (name == "stem") value = "";
        if (name == "answer_ids") value = "z";
    }
    auto reply = Post("/admin/questions/nouvelle", admin, fields);
    EXPECT_EQ(reply.status, 400U);
    EXPECT_NE(reply.body.find("id=\"resume-erreurs\""), std::string::npos);
    EXPECT_NE(reply.body.find("<a href=\"#stem\">Énoncé : ce champ est obligatoire.</a>"), std::string::npos);
    EXPECT_NE(reply.body.find("<a href=\"#answer_ids\">"), std::string::npos);
    EXPECT_NE(reply.body.find("« z » n&apos;est pas l&apos;identifiant d&apos;un choix"), std::string::npos)
        << reply.body.substr(0, 200);
    EXPECT_NE(reply.body.find("Une longue phrase facile à retenir"), std::string::npos);  // kept
    EXPECT_NE(reply.body.find("aria-invalid=\"true\""), std::string::npos);
    EXPECT_FALSE(App().Items().Get("test-invalide-001", Actor::System()).has_value());

    // A problem only the bank's checker sees (an unknown skill) is named too.
    fields = SingleChoice("test-invalide-002");
    fields.emplace_back("skill", "9.9.9");
    auto skill = Post("/admin/questions/nouvelle", admin, fields);
    EXPECT_EQ(skill.status, 400U);
    EXPECT_NE(skill.body.find("<a href=\"#skill\">Savoir-faire (facultatif) : "), std::string::npos);
    EXPECT_FALSE(App().Items().Get("test-invalide-002", Actor::System()).has_value());

    // A taken id.
    auto taken = Post("/admin/questions/nouvelle", admin, SingleChoice(kShippedItem));
    EXPECT_EQ(taken.status, 409U);
    EXPECT_NE(taken.body.find("<a href=\"#id\">"), std::string::npos);
    EXPECT_EQ(Stored(kShippedItem).item.options.size(), 4U);
}

TEST_F(ItemPages, AStaleEditIsAConflictAndOverwritesNothing) {
    Session admin = Login(kAdmin);
    ASSERT_EQ(Post("/admin/questions/nouvelle", admin, SingleChoice("test-edit-001")).status, 303U);
    const std::int64_t read_at = Stored("test-edit-001").item.revision;

    Fields first = SingleChoice("test-edit-001");
    first.emplace_back("revision", std::to_string(read_at));
    for (auto& [name, value] : first) {
        if (name == "stem") value = "Première modification";
    }
    auto saved = Post("/admin/questions/test-edit-001/modifier", admin, first);
    ASSERT_EQ(saved.status, 303U) << saved.body;
    EXPECT_EQ(Stored("test-edit-001").item.revision, read_at + 1);

    Fields stale = first;
    for (auto& [name, value] : stale) {
        if (name == "stem") value = "Seconde modification, faite sur une page périmée";
    }
    auto conflict = Post("/admin/questions/test-edit-001/modifier", admin, stale);
    EXPECT_EQ(conflict.status, 409U);
    EXPECT_NE(conflict.body.find("Quelqu&apos;un a enregistré cette question entre-temps"),
              std::string::npos);
    EXPECT_NE(conflict.body.find("Seconde modification, faite sur une page périmée"),
              std::string::npos);  // kept
    ItemRecord after = Stored("test-edit-001");
    EXPECT_EQ(after.item.stem, "Première modification");
    EXPECT_EQ(after.item.revision, read_at + 1);
    EXPECT_EQ(App().Items().Revisions("test-edit-001", Actor::System()).value().size(), 2U);
}

TEST_F(ItemPages, PreviewShowsNoKeyAndScoresTheAnswer) {
    Session admin = Login(kAdmin);
    auto preview = Get("/admin/questions/cn-1.1-001/apercu", admin);
    ASSERT_EQ(preview.status, 200U);
    EXPECT_EQ(preview.body.find(kShippedFeedback), std::string::npos);
    EXPECT_EQ(preview.body.find("bonne réponse"), std::string::npos);
    EXPECT_EQ(preview.body.find("Réponse attendue"), std::string::npos);
    EXPECT_EQ(Count(preview.body, "type=\"radio\""), 4U);
    EXPECT_NE(preview.body.find("<legend class=\"fr-fieldset__legend\">Choisissez une réponse</legend>"),
              std::string::npos);

    auto right = Post("/admin/questions/cn-1.1-001/apercu", admin, {{"answer", "c"}});
    ASSERT_EQ(right.status, 200U);
    EXPECT_NE(right.body.find("Bonne réponse."), std::string::npos);
    EXPECT_NE(right.body.find(kShippedFeedback), std::string::npos);
    auto wrong = Post("/admin/questions/cn-1.1-001/apercu", admin, {{"answer", "a"}});
    EXPECT_NE(wrong.body.find("Réponse incorrecte."), std::string::npos);
    EXPECT_NE(wrong.body.find("value=\"a\" checked"), std::string::npos);  // the answer stays shown
    auto none = Post("/admin/questions/cn-1.1-001/apercu", admin, {});
    EXPECT_NE(none.body.find("Réponse incomplète"), std::string::npos);

    // Every type renders its inputs; the stem's image is served from /media/items/.
    ASSERT_EQ(Post("/admin/questions/nouvelle", admin, SingleChoice("test-apercu-001")).status, 303U);
    auto image = Get("/admin/questions/test-apercu-001/apercu", admin);
    EXPECT_NE(image.body.find("src=\"/media/items/dessin.svg\" alt=\"Un carré noir\""), std::string::npos);
    EXPECT_EQ(image.body.find("CLEF-SECRETE-EXPLICATION"), std::string::npos);
    auto scored = Post("/admin/questions/test-apercu-001/apercu", admin, {{"answer", "b"}});
    EXPECT_NE(scored.body.find("CLEF-SECRETE-EXPLICATION"), std::string::npos);

    ItemFilter filter;
    for (ItemType type : {ItemType::kMultipleChoice, ItemType::kShortText, ItemType::kNumeric,
                          ItemType::kOrdering, ItemType::kMatching}) {
        filter.type = type;
        filter.limit = 1;
        auto page = App().Items().List(filter, Actor::System()).value();
        ASSERT_FALSE(page.items.empty()) << ItemTypeName(type);
        const Item& item = page.items.front().item;
        auto reply = Get("/admin/questions/" + item.id + "/apercu", admin);
        ASSERT_EQ(reply.status, 200U) << item.id;
        EXPECT_EQ(reply.body.find(item.feedback.substr(0, 40)), std::string::npos) << item.id;
        switch (type) {
            case ItemType::kMultipleChoice:
                EXPECT_EQ(Count(reply.body, "type=\"checkbox\" id=\"q-"), item.options.size());
                break;
            case ItemType::kShortText:
            case ItemType::kNumeric:
                EXPECT_NE(reply.body.find("name=\"answer\" maxlength"), std::string::npos);
                break;
            case ItemType::kOrdering:
                EXPECT_EQ(Count(reply.body, "name=\"order_"), item.options.size());
                break;
            default:
                EXPECT_EQ(Count(reply.body, "name=\"match_"), item.left.size());
        }
        // The right answer, sent through the form, is right.
        Fields answer;
        if (const auto* multiple = std::get_if<MultipleChoiceKey>(&item.answer)) {
            for (const auto& id : multiple->options) answer.emplace_back("answer", id);
        } else if (const auto* text = std::get_if<ShortTextKey>(&item.answer)) {
            answer.emplace_back("answer", text->accepted.front());
        } else if (const auto* numeric = std::get_if<NumericKey>(&item.answer)) {
            answer.emplace_back("answer", std::to_string(numeric->value));
        } else if (const auto* ordering = std::get_if<OrderingKey>(&item.answer)) {
            for (std::size_t i = 0; i < ordering->order.size(); ++i)
                answer.emplace_back("order_" + std::to_string(i + 1), ordering->order[i]);
        } else if (const auto* matching = std::get_if<MatchingKey>(&item.answer)) {
            for (const auto& [l, r] : matching->pairs) answer.emplace_back("match_" + l, r);
        }
        auto verdict = Post("/admin/questions/" + item.id + "/apercu", admin, answer);
        EXPECT_NE(verdict.body.find("Bonne réponse."), std::string::npos) << item.id;
    }
}

TEST_F(ItemPages, RetireAndRestore) {
    Session admin = Login(kAdmin);
    ASSERT_EQ(Post("/admin/questions/nouvelle", admin, SingleChoice("test-statut-001")).status, 303U);
    auto retired = Post("/admin/questions/test-statut-001/retirer", admin, {});
    EXPECT_EQ(retired.status, 303U);
    EXPECT_EQ(retired.location, "/admin/questions/test-statut-001");
    EXPECT_EQ(Stored("test-statut-001").item.status, ItemStatus::kRetired);
    auto list = Get("/admin/questions?status=retired&q=test-statut", admin);
    EXPECT_NE(list.body.find("1 question trouvée."), std::string::npos);
    auto show = Get("/admin/questions/test-statut-001", admin);
    EXPECT_NE(show.body.find("Cette question est retirée"), std::string::npos);
    EXPECT_NE(show.body.find("/admin/questions/test-statut-001/restaurer"), std::string::npos);

    EXPECT_EQ(Post("/admin/questions/test-statut-001/restaurer", admin, {}).status, 303U);
    EXPECT_EQ(Stored("test-statut-001").item.status, ItemStatus::kActive);
    // Without the CSRF token nothing changes.
    EXPECT_EQ(Call("POST", "/admin/questions/test-statut-001/retirer", admin, "").status, 403U);
    EXPECT_EQ(Stored("test-statut-001").item.status, ItemStatus::kActive);
}

TEST_F(ItemPages, MediaServesOnlyImagesOfTheImageFolder) {
    auto svg = Get("/media/items/dessin.svg");
    ASSERT_EQ(svg.status, 200U);
    EXPECT_EQ(svg.Header("Content-Type"), "image/svg+xml");
    EXPECT_NE(svg.Header("Cache-Control").find("max-age="), std::string::npos);
    EXPECT_NE(svg.Header("Content-Security-Policy").find("sandbox"), std::string::npos);
    auto png = Get("/media/items/photo.png");
    ASSERT_EQ(png.status, 200U);
    EXPECT_EQ(png.Header("Content-Type"), "image/png");
    EXPECT_EQ(png.body.substr(1, 3), "PNG");

    for (const std::string path :
         {"/media/items/..%2F..%2Fsecret.txt", "/media/items/..%2Fsecret.txt", "/media/items/%2E%2E",
          "/media/items/..", "/media/items/secret.txt", "/media/items/absente.png",
          "/media/items/.dessin.svg", "/media/items/dessin.svg%00.png", "/media/items/images%2Fdessin.svg",
          "/media/items/dessin..svg", "/media/items/%2Fetc%2Fpasswd", "/media/items/dessin.svg.txt"}) {
        auto reply = Get(path);
        EXPECT_EQ(reply.status, 404U) << path;
        EXPECT_EQ(reply.body.find("secret"), std::string::npos) << path;
    }
}

}  // namespace
}  // namespace passeur::item
