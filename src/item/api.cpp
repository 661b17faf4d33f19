#include "item/api.hpp"

#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "http/json_body.hpp"

namespace passeur::item {
namespace {

using core::Result;
using http::Request;
using http::Response;
using nlohmann::json;

std::string Param(const Request& request, std::string_view name) {
    auto value = request.PathParam(name);
    return value ? std::string(*value) : std::string();
}

Result<std::optional<long long>> IntQuery(const Request& r, std::string_view name, long long min,
                                          long long max) {
    auto value = r.Query(name);
    if (!value) return std::optional<long long>();
    long long n = 0;
    auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
    if (ec != std::errc() || ptr != value->data() + value->size() || n < min || n > max) {
        return core::Fail(core::Error::InvalidArgument("Paramètre invalide : entier entre " +
                                                           std::to_string(min) + " et " +
                                                           std::to_string(max) + " attendu.",
                                                       std::string(name)));
    }
    return std::optional<long long>(n);
}

class Api {
public:
    Api(ItemService& service, account::AccountModule& accounts) : service_(service), accounts_(accounts) {}

    // Authenticated platform admin; CSRF checked for cookie sessions on writes.
    Result<account::Principal> Editor(const Request& r, bool write) {
        auto p = accounts_.Auth().Authenticate(r);
        if (!p) return core::Fail(p.error());
        if (write) PASSEUR_TRY(accounts_.Auth().CheckCsrf(r, *p));
        PASSEUR_TRY(accounts_.Authz().Authorize(*p, account::Action::kEditItems));
        return p;
    }

    static Result<json> Body(const Request& r) { return http::JsonObjectBody(r, kMaxItemBodyBytes); }

    Result<Response> List(Request& r) {
        auto p = Editor(r, false);
        if (!p) return core::Fail(p.error());
        ItemFilter filter;
        filter.framework = std::string(r.Query("framework").value_or(""));
        filter.competence = std::string(r.Query("competence").value_or(""));
        filter.text = std::string(r.Query("q").value_or(""));
        if (filter.text.size() > 200) {
            return core::Fail(
                core::Error::InvalidArgument("Recherche trop longue (200 octets au plus).", "q"));
        }
        auto level = IntQuery(r, "level", 1, 8);
        if (!level) return core::Fail(level.error());
        if (*level) filter.level = static_cast<int>(**level);
        if (auto type = r.Query("type"); type && !type->empty()) {
            filter.type = ParseItemType(*type);
            if (!filter.type)
                return core::Fail(core::Error::InvalidArgument("Type de question inconnu.", "type"));
        }
        if (auto status = r.Query("status"); status && !status->empty()) {
            filter.status = ParseItemStatus(*status);
            if (!filter.status) {
                return core::Fail(
                    core::Error::InvalidArgument("Statut inconnu (active ou retired).", "status"));
            }
        }
        auto offset = IntQuery(r, "offset", 0, 1'000'000'000);
        if (!offset) return core::Fail(offset.error());
        if (*offset) filter.offset = static_cast<std::size_t>(**offset);
        auto limit = IntQuery(r, "limit", 1, static_cast<long long>(kMaxPageSize));
        if (!limit) return core::Fail(limit.error());
        if (*limit) filter.limit = static_cast<std::size_t>(**limit);
        auto page = service_.List(filter, Actor::Of(*p));
        if (!page) return core::Fail(page.error());
        json items = json::array();
        for (const ItemRecord& record : page->items) items.push_back(RecordToJson(record));
        return Response::Json(json{{"items", items}, {"total", page->total}});
    }

    Result<Response> Create(Request& r) {
        auto p = Editor(r, true);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto record = service_.Create(*body, Actor::Of(*p));
        if (!record) return core::Fail(record.error());
        auto response = Response::Json(RecordToJson(*record), 201);
        response.SetHeader("Location", "/api/v1/items/" + record->item.id);
        return response;
    }

    Result<Response> Get(Request& r) {
        auto p = Editor(r, false);
        if (!p) return core::Fail(p.error());
        auto record = service_.Get(Param(r, "item"), Actor::Of(*p));
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> Put(Request& r) {
        auto p = Editor(r, true);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto revision = IntQuery(r, "revision", 0, 1'000'000'000'000LL);
        if (!revision) return core::Fail(revision.error());
        std::optional<std::int64_t> expected;
        if (*revision) expected = static_cast<std::int64_t>(**revision);
        auto record = service_.Update(Param(r, "item"), *body, Actor::Of(*p), expected);
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> Retire(Request& r) {
        auto p = Editor(r, true);
        if (!p) return core::Fail(p.error());
        auto record = service_.Retire(Param(r, "item"), Actor::Of(*p));
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> Restore(Request& r) {
        auto p = Editor(r, true);
        if (!p) return core::Fail(p.error());
        auto record = service_.Restore(Param(r, "item"), Actor::Of(*p));
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> ScoreResponse(Request& r) {
        auto p = Editor(r, true);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        if (!body->contains("response")) {
            return core::Fail(core::Error::InvalidArgument("Le membre response est requis.", "response"));
        }
        auto score = service_.ScoreItem(Param(r, "item"), (*body)["response"], Actor::Of(*p));
        if (!score) return core::Fail(score.error());
        return Response::Json(ScoreToJson(*score));
    }

private:
    ItemService& service_;
    account::AccountModule& accounts_;
};

}  // namespace

json RecordToJson(const ItemRecord& record) {
    json out = ItemToJson(record.item, JsonScope::kFull);
    out["source"] = record.source;
    out["created_at"] = core::FormatRfc3339(record.created_at);
    out["updated_at"] = core::FormatRfc3339(record.updated_at);
    return out;
}

json ScoreToJson(const Score& score) {
    return {{"credit", score.credit},
            {"max_credit", score.max_credit},
            {"fraction", score.Fraction()},
            {"malformed", score.malformed},
            {"reason", score.reason}};
}

void RegisterItemApi(http::Router& router, ItemService& service, account::AccountModule& accounts) {
    auto api = std::make_shared<Api>(service, accounts);
    auto add = [&](std::string_view method, std::string_view pattern, Result<Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("GET", "/api/v1/items", &Api::List);
    add("POST", "/api/v1/items", &Api::Create);
    add("GET", "/api/v1/items/{item}", &Api::Get);
    add("PUT", "/api/v1/items/{item}", &Api::Put);
    add("POST", "/api/v1/items/{item}/retire", &Api::Retire);
    add("POST", "/api/v1/items/{item}/restore", &Api::Restore);
    add("POST", "/api/v1/items/{item}/score", &Api::ScoreResponse);
}

}  // namespace passeur::item
