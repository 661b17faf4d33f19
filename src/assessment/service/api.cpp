#include "assessment/service/api.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/json_body.hpp"

namespace passeur::assessment {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string Param(const Request& request, std::string_view name) {
    auto value = request.PathParam(name);
    return value ? std::string(*value) : std::string();
}

class Api {
public:
    Api(AssessmentService& service, account::AccountModule& accounts)
        : service_(service), accounts_(accounts) {}

    // The authenticated caller; CSRF checked for cookie sessions on writes. Tokens are refused by
    // the service.
    core::Result<account::Principal> Caller(const Request& r, bool write) {
        auto p = accounts_.Auth().Authenticate(r);
        if (!p) return core::Fail(p.error());
        if (write) PASSEUR_TRY(accounts_.Auth().CheckCsrf(r, *p));
        return p;
    }

    static core::Result<json> Body(const Request& r) {
        return http::JsonObjectBody(r, kMaxAssessmentBodyBytes);
    }

    core::Result<Response> Start(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        StartRequest request;
        auto profile = body->find("target_profile_id");
        if (profile == body->end() || !profile->is_string()) {
            return core::Fail(core::Error::InvalidArgument("Le membre target_profile_id (texte) est requis.",
                                                           "target_profile_id"));
        }
        request.target_profile_id = profile->get<std::string>();
        if (auto needs = body->find("needs"); needs != body->end() && !needs->is_null()) {
            if (!needs->is_array() || needs->size() > 3) {
                return core::Fail(core::Error::InvalidArgument(
                    "needs : une liste d'au plus 3 besoins (screen_reader, no_colour, no_timer).", "needs"));
            }
            std::vector<std::string> names;
            for (const json& n : *needs) {
                if (!n.is_string()) {
                    return core::Fail(
                        core::Error::InvalidArgument("needs : chaque besoin est un texte.", "needs"));
                }
                names.push_back(n.get<std::string>());
            }
            auto parsed = ParseNeeds(names);
            if (!parsed) return core::Fail(parsed.error());
            request.needs = *parsed;
        }
        auto started = service_.Start(*p, request);
        if (!started) return core::Fail(started.error());
        auto response = Response::Json(SummaryToJson(*started), 201);
        response.SetHeader("Location", "/api/v1/assessments/" + started->id);
        return response;
    }

    core::Result<Response> List(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto list = service_.ListMine(*p);
        if (!list) return core::Fail(list.error());
        json items = json::array();
        for (const AssessmentSummary& s : *list) items.push_back(SummaryToJson(s));
        return Response::Json(json{{"assessments", items}});
    }

    core::Result<Response> Get(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto summary = service_.Get(*p, Param(r, "assessment"));
        if (!summary) return core::Fail(summary.error());
        return Response::Json(SummaryToJson(*summary));
    }

    core::Result<Response> Next(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto step = service_.Next(*p, Param(r, "assessment"));
        if (!step) return core::Fail(step.error());
        return Response::Json(NextStepToJson(*step));
    }

    core::Result<Response> Answer(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto item_id = body->find("item_id");
        if (item_id == body->end() || !item_id->is_string()) {
            return core::Fail(
                core::Error::InvalidArgument("Le membre item_id (texte) est requis.", "item_id"));
        }
        auto response = body->find("response");
        if (response == body->end()) {
            return core::Fail(core::Error::InvalidArgument(
                "Le membre response est requis (null pour « je ne sais pas »).", "response"));
        }
        auto outcome = service_.Answer(*p, Param(r, "assessment"), item_id->get<std::string>(), *response);
        if (!outcome) return core::Fail(outcome.error());
        return Response::Json(AnswerOutcomeToJson(*outcome));
    }

    core::Result<Response> GetResult(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto result = service_.Result(*p, Param(r, "assessment"));
        if (!result) return core::Fail(result.error());
        return Response::Json(ResultToJson(*result));
    }

private:
    AssessmentService& service_;
    account::AccountModule& accounts_;
};

}  // namespace

void RegisterAssessmentApi(http::Router& router, AssessmentService& service,
                           account::AccountModule& accounts) {
    auto api = std::make_shared<Api>(service, accounts);
    auto add = [&](std::string_view method, std::string_view pattern,
                   core::Result<http::Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("POST", "/api/v1/assessments", &Api::Start);
    add("GET", "/api/v1/assessments", &Api::List);
    add("GET", "/api/v1/assessments/{assessment}", &Api::Get);
    add("GET", "/api/v1/assessments/{assessment}/next", &Api::Next);
    add("POST", "/api/v1/assessments/{assessment}/answers", &Api::Answer);
    add("GET", "/api/v1/assessments/{assessment}/result", &Api::GetResult);
}

}  // namespace passeur::assessment
