// Load client of bench/campaign_load.sh (issue 7): N participants answer a campaign's adaptive test
// concurrently through the HTTP API of a running passeur (127.0.0.1 only).
//
// Set-up (not timed): the administrator invites N learners into the demo organisation
// (POST /api/v1/organizations/{org}/invitations) and each invitation is accepted anonymously
// (POST /api/v1/invitations/{token}/accept: account + session cookie + CSRF token, so no login and
// no login rate limit); the staff member creates an assessment campaign on a shipped target
// profile; each participant joins (POST /api/v1/campaigns/join) and starts its test
// (POST /api/v1/participations/{p}/assessment). Set-up requests run on a few connections.
// Timed phase: one connection per participant, all N at once, closed loop without think time
// unless --think-ms: GET /api/v1/assessments/{a}/next, POST …/answers {item_id, response} until the
// test is done, then POST /api/v1/participations/{p}/share. Then the staff side reads
// GET /api/v1/campaigns/{c}/results and …/results.csv and checks N shared participants and N + 1
// CSV lines after a UTF-8 BOM.
//
// Prints latency percentiles per request kind, answers per second over the timed phase, every
// failure by request and status with the first responses in full, and a final "RESULT" line.
// Exit status: 0 when no request failed and the staff checks hold, 1 otherwise, 2 on bad options.
//
// One thread, one io_context, C++20 coroutines: the client costs a few microseconds of CPU per
// request, so on a 2-core machine nearly all CPU is left to the server being measured.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

namespace passeur::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using net::awaitable;
using net::use_awaitable;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kMaxBodyBytes = 64 * 1024 * 1024;  // the CSV of a large campaign fits
constexpr std::size_t kMaxExamples = 8;                  // failures printed in full
constexpr std::size_t kMaxShownBody = 2000;              // bytes of a failing response printed
constexpr int kMaxTestSteps = 400;                       // guard: a test never asks more

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    int participants = 500;
    int setup_connections = 8;
    std::string profile = "socle-emploi";
    std::string admin_email = "admin@demo.passeur.fr";
    std::string staff_email = "mediatrice@demo.passeur.fr";
    std::string password = "demo-passeur-2026";
    std::string participant_password = "Charge-Bench-2026!";
    std::string csv_out;
    std::uint64_t seed = 1;
    int think_ms = 0;
    double null_share = 0.1;
    int max_consecutive_errors = 3;
};

struct Session {
    std::string cookie;  // "passeur_session=…", empty when anonymous
    std::string csrf;
};

struct Reply {
    unsigned status = 0;  // 0: no HTTP answer (see io_error)
    std::string body;
    std::string session_cookie;
    std::string io_error;
    double micros = 0;
    bool Ok() const { return status >= 200 && status < 300; }
};

struct Participant {
    int index = 0;
    std::string email;
    Session session;
    std::string participation_id;
    std::string assessment_id;
    int answers = 0;
    bool completed = false;
    bool shared = false;
};

struct Failure {
    std::string request;  // "POST /api/v1/… body"
    unsigned status = 0;
    std::string response;
};

// Latencies (µs) per request kind, failures by "METHOD pattern -> status".
class Stats {
public:
    void Record(const std::string& kind, const Reply& reply) {
        if (reply.status != 0) samples_[kind].push_back(reply.micros);
    }
    void Fail(const std::string& pattern, const std::string& request, const Reply& reply) {
        const std::string key =
            pattern + " -> " + (reply.status != 0 ? std::to_string(reply.status) : "I/O: " + reply.io_error);
        ++failures_[key];
        if (examples_.size() < kMaxExamples) {
            examples_.push_back({request, reply.status,
                                 reply.status != 0 ? reply.body.substr(0, kMaxShownBody) : reply.io_error});
        }
    }
    // A failure that is not an HTTP status (unexpected content of a 2xx answer).
    void FailCheck(const std::string& what, const std::string& request, const std::string& detail) {
        ++failures_[what];
        if (examples_.size() < kMaxExamples)
            examples_.push_back({request, 0, detail.substr(0, kMaxShownBody)});
    }
    std::vector<double>& Samples(const std::string& kind) { return samples_[kind]; }
    std::map<std::string, std::vector<double>>& All() { return samples_; }
    const std::map<std::string, long>& Failures() const { return failures_; }
    const std::vector<Failure>& Examples() const { return examples_; }
    long FailureCount() const {
        long n = 0;
        for (const auto& [key, count] : failures_) n += count;
        return n;
    }

private:
    std::map<std::string, std::vector<double>> samples_;
    std::map<std::string, long> failures_;
    std::vector<Failure> examples_;
};

// One keep-alive HTTP/1.1 connection, reconnected when the previous exchange closed it.
class Connection {
public:
    Connection(net::io_context& io, net::ip::tcp::endpoint endpoint, std::string host)
        : stream_(io), endpoint_(endpoint), host_(std::move(host)) {}

    awaitable<beast::error_code> Connect() {
        beast::error_code ec;
        stream_.expires_after(std::chrono::seconds(30));
        co_await stream_.async_connect(endpoint_, net::redirect_error(use_awaitable, ec));
        if (!ec) {
            connected_ = true;
            buffer_.clear();
        }
        co_return ec;
    }

    // Sends one request (body: JSON text or empty) with the session's cookie and, for writes, its
    // CSRF token; the latency covers write and read (and the connect when one was needed).
    awaitable<Reply> Send(http::verb verb, const std::string& target, const std::string& body,
                          const Session* session) {
        Reply reply;
        const auto start = SteadyClock::now();
        beast::error_code ec;
        if (!connected_) {
            ec = co_await Connect();
            if (ec) {
                reply.io_error = "connect: " + ec.message();
                co_return reply;
            }
        }
        http::request<http::string_body> request{verb, target, 11};
        request.set(http::field::host, host_);
        request.set(http::field::user_agent, "passeur-campaign-load");
        request.keep_alive(true);
        if (session != nullptr && !session->cookie.empty()) {
            request.set(http::field::cookie, session->cookie);
            if (verb != http::verb::get && !session->csrf.empty()) request.set("X-CSRF-Token", session->csrf);
        }
        if (!body.empty()) {
            request.set(http::field::content_type, "application/json");
            request.body() = body;
        }
        request.prepare_payload();
        stream_.expires_after(std::chrono::seconds(120));
        co_await http::async_write(stream_, request, net::redirect_error(use_awaitable, ec));
        if (ec) {
            reply.io_error = "write: " + ec.message();
            Close();
            co_return reply;
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxBodyBytes);
        co_await http::async_read(stream_, buffer_, parser, net::redirect_error(use_awaitable, ec));
        if (ec) {
            reply.io_error = "read: " + ec.message();
            Close();
            co_return reply;
        }
        reply.micros = std::chrono::duration<double, std::micro>(SteadyClock::now() - start).count();
        auto& response = parser.get();
        reply.status = response.result_int();
        for (const auto& field : response) {
            if (field.name() != http::field::set_cookie) continue;
            const std::string value(field.value());
            if (value.rfind("passeur_session=", 0) == 0)
                reply.session_cookie = value.substr(0, value.find(';'));
        }
        const bool keep = response.keep_alive();
        reply.body = std::move(response.body());
        if (!keep) Close();
        co_return reply;
    }

    void Close() {
        beast::error_code ignored;
        stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        stream_.close();
        connected_ = false;
    }

private:
    beast::tcp_stream stream_;
    net::ip::tcp::endpoint endpoint_;
    std::string host_;
    beast::flat_buffer buffer_;
    bool connected_ = false;
};

double Percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    // Nearest rank.
    const double rank = p / 100.0 * static_cast<double>(sorted.size());
    std::size_t index = static_cast<std::size_t>(rank);
    if (static_cast<double>(index) < rank) ++index;
    if (index == 0) index = 1;
    return sorted[std::min(index, sorted.size()) - 1];
}

std::string Ms(double micros) { return fmt::format("{:.2f}", micros / 1000.0); }

std::optional<json> ParseJson(const std::string& text) {
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}

std::string StringMember(const json& j, const char* name) {
    if (!j.is_object()) return {};
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The string member `name` of the JSON object in `text`, or "" when absent or not JSON.
std::string StringMemberOf(const std::string& text, const char* name) {
    auto parsed = ParseJson(text);
    return parsed ? StringMember(*parsed, name) : std::string();
}

// A plausible answer to a shown item, as the learner API expects it; null ("je ne sais pas") with
// probability null_share or for a type this client does not know.
json PlausibleResponse(const json& item, std::mt19937_64& rng, double null_share) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(rng) < null_share) return nullptr;
    const std::string type = StringMember(item, "type");
    auto ids = [&](const char* member) {
        std::vector<std::string> out;
        if (auto it = item.find(member); it != item.end() && it->is_array()) {
            for (const json& choice : *it) out.push_back(StringMember(choice, "id"));
        }
        return out;
    };
    if (type == "single_choice") {
        auto options = ids("options");
        if (options.empty()) return nullptr;
        return options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)];
    }
    if (type == "multiple_choice") {
        auto options = ids("options");
        if (options.empty()) return nullptr;
        json chosen = json::array();
        for (const auto& id : options) {
            if (unit(rng) < 0.5) chosen.push_back(id);
        }
        if (chosen.empty()) chosen.push_back(options.front());
        return chosen;
    }
    if (type == "ordering") {
        auto options = ids("options");
        std::shuffle(options.begin(), options.end(), rng);
        return options;
    }
    if (type == "matching") {
        auto left = ids("left");
        auto right = ids("right");
        std::shuffle(right.begin(), right.end(), rng);
        json pairs = json::object();
        for (std::size_t i = 0; i < left.size() && i < right.size(); ++i) pairs[left[i]] = right[i];
        return pairs;
    }
    if (type == "numeric") return std::uniform_int_distribution<int>(0, 100)(rng);
    if (type == "short_text") {
        static const char* const kWords[] = {"navigateur", "mot de passe", "courriel", "France Services"};
        return kWords[std::uniform_int_distribution<std::size_t>(0, 3)(rng)];
    }
    return nullptr;
}

class Load {
public:
    Load(net::io_context& io, Options options)
        : io_(io),
          options_(std::move(options)),
          endpoint_(net::ip::make_address(options_.host), options_.port),
          host_header_(options_.host + ":" + std::to_string(options_.port)) {}

    int exit_code() const { return exit_code_; }

    awaitable<void> Run() {
        auto prepared = co_await Prepare();
        if (!prepared) {
            Report(0, 0);
            exit_code_ = 1;
            co_return;
        }
        fmt::print("set-up: {} participants joined and started their test in {:.1f} s\n",
                   participants_.size(), setup_seconds_);
        std::fflush(stdout);

        // Timed phase: one connection per participant, connected first (not timed).
        std::vector<std::unique_ptr<Connection>> connections;
        for (std::size_t i = 0; i < participants_.size(); ++i) {
            connections.push_back(std::make_unique<Connection>(io_, endpoint_, host_header_));
            auto ec = co_await connections.back()->Connect();
            if (ec) {
                fmt::print(stderr, "could not open connection {}: {}\n", i, ec.message());
                exit_code_ = 1;
                co_return;
            }
        }
        remaining_ = static_cast<int>(participants_.size());
        const auto start = SteadyClock::now();
        net::steady_timer all_done(io_, SteadyClock::time_point::max());
        done_timer_ = &all_done;
        for (std::size_t i = 0; i < participants_.size(); ++i) {
            net::co_spawn(io_, Answer(participants_[i], *connections[i]), net::detached);
        }
        beast::error_code ignored;
        co_await all_done.async_wait(net::redirect_error(use_awaitable, ignored));
        const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
        for (auto& c : connections) c->Close();

        co_await CheckResults();
        long answers = 0;
        for (const auto& p : participants_) answers += p.answers;
        Report(seconds, answers);
        bool all_shared = std::all_of(participants_.begin(), participants_.end(),
                                      [](const Participant& p) { return p.shared; });
        exit_code_ = stats_.FailureCount() == 0 && all_shared && results_ok_ ? 0 : 1;
    }

private:
    // Sends, records the latency under `kind` and any failure under `pattern`.
    awaitable<Reply> Call(Connection& c, const std::string& kind, const std::string& pattern, http::verb verb,
                          const std::string& target, const json* body, const Session* session) {
        const std::string text = body != nullptr ? body->dump() : std::string();
        Reply reply = co_await c.Send(verb, target, text, session);
        stats_.Record(kind, reply);
        if (!reply.Ok()) {
            std::string request = std::string(http::to_string(verb)) + " " + target;
            if (!text.empty()) request += " " + text.substr(0, 500);
            stats_.Fail(pattern, request, reply);
        }
        co_return reply;
    }

    awaitable<std::optional<Session>> Login(Connection& c, const std::string& email) {
        json body{{"email", email}, {"password", options_.password}};
        Reply r = co_await Call(c, "login", "POST /api/v1/session", http::verb::post, "/api/v1/session",
                                &body, nullptr);
        if (!r.Ok()) co_return std::nullopt;
        auto parsed = ParseJson(r.body);
        if (!parsed || r.session_cookie.empty()) {
            stats_.FailCheck("login without session", "POST /api/v1/session", r.body);
            co_return std::nullopt;
        }
        co_return Session{r.session_cookie, StringMember(*parsed, "csrf_token")};
    }

    awaitable<bool> Prepare() {
        const auto start = SteadyClock::now();
        Connection c(io_, endpoint_, host_header_);
        auto admin = co_await Login(c, options_.admin_email);
        auto staff = co_await Login(c, options_.staff_email);
        if (!admin || !staff) co_return false;
        admin_ = *admin;
        staff_ = *staff;

        Reply orgs = co_await Call(c, "staff", "GET /api/v1/organizations", http::verb::get,
                                   "/api/v1/organizations", nullptr, &admin_);
        if (!orgs.Ok()) co_return false;
        if (auto parsed = ParseJson(orgs.body); parsed && parsed->contains("items")) {
            for (const json& org : (*parsed)["items"]) {
                if (org_id_.empty() || StringMember(org, "name").find("démo") != std::string::npos)
                    org_id_ = StringMember(org, "id");
            }
        }
        if (org_id_.empty()) {
            stats_.FailCheck("no organisation", "GET /api/v1/organizations", orgs.body);
            co_return false;
        }

        json campaign{{"name", fmt::format("Charge {} participants", options_.participants)},
                      {"target_profile_id", options_.profile},
                      {"type", "assessment"}};
        Reply created =
            co_await Call(c, "staff", "POST /api/v1/organizations/{org}/campaigns", http::verb::post,
                          "/api/v1/organizations/" + org_id_ + "/campaigns", &campaign, &staff_);
        if (!created.Ok()) co_return false;
        auto parsed = ParseJson(created.body);
        if (parsed) {
            campaign_id_ = StringMember(*parsed, "id");
            campaign_code_ = StringMember(*parsed, "code");
        }
        if (campaign_id_.empty() || campaign_code_.empty()) {
            stats_.FailCheck("campaign without id or code", "POST /api/v1/organizations/{org}/campaigns",
                             created.body);
            co_return false;
        }
        fmt::print("organisation {}, campaign {} (code {}), profile {}\n", org_id_, campaign_id_,
                   campaign_code_, options_.profile);

        participants_.resize(static_cast<std::size_t>(options_.participants));
        for (std::size_t i = 0; i < participants_.size(); ++i) {
            participants_[i].index = static_cast<int>(i);
            participants_[i].email = fmt::format("participant-{:04}-{}@charge.passeur.fr", i, options_.seed);
        }
        next_setup_ = 0;
        setup_failed_ = false;
        setup_remaining_ = options_.setup_connections;
        net::steady_timer setup_done(io_, SteadyClock::time_point::max());
        done_timer_ = &setup_done;
        std::vector<std::unique_ptr<Connection>> workers;
        for (int w = 0; w < options_.setup_connections; ++w) {
            workers.push_back(std::make_unique<Connection>(io_, endpoint_, host_header_));
            net::co_spawn(io_, SetUpWorker(*workers.back()), net::detached);
        }
        beast::error_code ignored;
        co_await setup_done.async_wait(net::redirect_error(use_awaitable, ignored));
        for (auto& w : workers) w->Close();
        c.Close();
        setup_seconds_ = std::chrono::duration<double>(SteadyClock::now() - start).count();
        co_return !setup_failed_;
    }

    awaitable<void> SetUpWorker(Connection& c) {
        while (!setup_failed_ && next_setup_ < participants_.size()) {
            Participant& p = participants_[next_setup_++];
            if (!co_await SetUp(c, p)) setup_failed_ = true;
        }
        if (--setup_remaining_ == 0) done_timer_->cancel();
    }

    awaitable<bool> SetUp(Connection& c, Participant& p) {
        json invite{{"email", p.email}, {"role", "learner"}};
        Reply invited = co_await Call(c, "setup: invite", "POST /api/v1/organizations/{org}/invitations",
                                      http::verb::post, "/api/v1/organizations/" + org_id_ + "/invitations",
                                      &invite, &admin_);
        if (!invited.Ok()) co_return false;
        const std::string url = StringMemberOf(invited.body, "url");
        const auto slash = url.rfind("/invitations/");
        if (slash == std::string::npos) {
            stats_.FailCheck("invitation without url", "POST /api/v1/organizations/{org}/invitations",
                             invited.body);
            co_return false;
        }
        const std::string token = url.substr(slash + 13);
        json accept{{"password", options_.participant_password},
                    {"display_name", fmt::format("Participant {:04}", p.index)}};
        Reply accepted =
            co_await Call(c, "setup: accept", "POST /api/v1/invitations/{token}/accept", http::verb::post,
                          "/api/v1/invitations/" + token + "/accept", &accept, nullptr);
        if (!accepted.Ok()) co_return false;
        p.session.cookie = accepted.session_cookie;
        p.session.csrf = StringMemberOf(accepted.body, "csrf_token");
        if (p.session.cookie.empty() || p.session.csrf.empty()) {
            stats_.FailCheck("accept without session", "POST /api/v1/invitations/{token}/accept",
                             accepted.body);
            co_return false;
        }

        json join{{"code", campaign_code_}, {"consent", true}};
        Reply joined = co_await Call(c, "setup: join", "POST /api/v1/campaigns/join", http::verb::post,
                                     "/api/v1/campaigns/join", &join, &p.session);
        if (!joined.Ok()) co_return false;
        p.participation_id = StringMemberOf(joined.body, "participation_id");
        if (p.participation_id.empty()) {
            stats_.FailCheck("join without participation_id", "POST /api/v1/campaigns/join", joined.body);
            co_return false;
        }

        json start = json::object();
        Reply started = co_await Call(
            c, "setup: start test", "POST /api/v1/participations/{p}/assessment", http::verb::post,
            "/api/v1/participations/" + p.participation_id + "/assessment", &start, &p.session);
        if (!started.Ok()) co_return false;
        p.assessment_id = StringMemberOf(started.body, "assessment_id");
        if (p.assessment_id.empty()) {
            stats_.FailCheck("test start without assessment_id", "POST /api/v1/participations/{p}/assessment",
                             started.body);
            co_return false;
        }
        co_return true;
    }

    // One participant's timed loop: next, answer, … until done; then share.
    awaitable<void> Answer(Participant& p, Connection& c) {
        std::mt19937_64 rng(options_.seed * 1'000'003ULL + static_cast<std::uint64_t>(p.index));
        const std::string base = "/api/v1/assessments/" + p.assessment_id;
        int consecutive_errors = 0;
        net::steady_timer think(io_);
        for (int step = 0; step < kMaxTestSteps && consecutive_errors < options_.max_consecutive_errors;
             ++step) {
            Reply next = co_await Call(c, "next", "GET /api/v1/assessments/{a}/next", http::verb::get,
                                       base + "/next", nullptr, &p.session);
            if (!next.Ok()) {
                ++consecutive_errors;
                continue;
            }
            auto shown = ParseJson(next.body);
            if (!shown || !shown->is_object()) {
                stats_.FailCheck("next: not JSON", "GET " + base + "/next", next.body);
                ++consecutive_errors;
                continue;
            }
            if (shown->value("done", false)) {
                p.completed = true;
                break;
            }
            const json item = shown->value("item", json::object());
            if (options_.think_ms > 0) {
                think.expires_after(std::chrono::milliseconds(
                    std::uniform_int_distribution<int>(0, 2 * options_.think_ms)(rng)));
                beast::error_code ignored;
                co_await think.async_wait(net::redirect_error(use_awaitable, ignored));
            }
            json answer{{"item_id", StringMember(item, "id")},
                        {"response", PlausibleResponse(item, rng, options_.null_share)}};
            Reply answered = co_await Call(c, "answer", "POST /api/v1/assessments/{a}/answers",
                                           http::verb::post, base + "/answers", &answer, &p.session);
            if (!answered.Ok()) {
                ++consecutive_errors;
                continue;
            }
            consecutive_errors = 0;
            ++p.answers;
            auto outcome = ParseJson(answered.body);
            if (outcome && outcome->value("done", false)) {
                p.completed = true;
                break;
            }
        }
        if (p.completed) {
            json empty = json::object();
            Reply shared =
                co_await Call(c, "share", "POST /api/v1/participations/{p}/share", http::verb::post,
                              "/api/v1/participations/" + p.participation_id + "/share", &empty, &p.session);
            if (shared.Ok()) {
                auto parsed = ParseJson(shared.body);
                const std::string status = parsed ? StringMember(*parsed, "status") : std::string();
                if (status == "shared") {
                    p.shared = true;
                } else {
                    stats_.FailCheck("share: status is not \"shared\"",
                                     "POST /api/v1/participations/" + p.participation_id + "/share",
                                     shared.body);
                }
            }
        } else {
            stats_.FailCheck("participant did not complete", "participant " + std::to_string(p.index),
                             fmt::format("{} answers, assessment {}", p.answers, p.assessment_id));
        }
        if (--remaining_ == 0) done_timer_->cancel();
    }

    awaitable<void> CheckResults() {
        Connection c(io_, endpoint_, host_header_);
        const std::string base = "/api/v1/campaigns/" + campaign_id_;
        const std::size_t n = participants_.size();
        Reply results = co_await Call(c, "staff: results", "GET /api/v1/campaigns/{c}/results",
                                      http::verb::get, base + "/results", nullptr, &staff_);
        bool ok = results.Ok();
        if (ok) {
            auto parsed = ParseJson(results.body);
            std::size_t listed = 0;
            long shared = -1;
            if (parsed && parsed->is_object()) {
                if (auto it = parsed->find("participants"); it != parsed->end() && it->is_array())
                    listed = it->size();
                if (auto it = parsed->find("counts"); it != parsed->end() && it->is_object())
                    shared = it->value("shared", -1L);
            }
            fmt::print(
                "staff: GET {}/results: {} participants listed, counts.shared = {} (expected {}), {} bytes\n",
                base, listed, shared, n, results.body.size());
            if (listed != n || shared != static_cast<long>(n)) {
                ok = false;
                stats_.FailCheck("results: wrong number of shared participants", "GET " + base + "/results",
                                 results.body.substr(0, 600));
            }
        }
        Reply csv = co_await Call(c, "staff: results.csv", "GET /api/v1/campaigns/{c}/results.csv",
                                  http::verb::get, base + "/results.csv", nullptr, &staff_);
        if (csv.Ok()) {
            const bool bom = csv.body.rfind("\xEF\xBB\xBF", 0) == 0;
            std::size_t lines = 0;
            for (std::size_t at = csv.body.find("\r\n"); at != std::string::npos;
                 at = csv.body.find("\r\n", at + 2))
                ++lines;
            const bool ends_with_crlf =
                csv.body.size() >= 2 && csv.body.compare(csv.body.size() - 2, 2, "\r\n") == 0;
            const std::string header = csv.body.substr(bom ? 3 : 0, csv.body.find("\r\n") - (bom ? 3 : 0));
            fmt::print(
                "staff: GET {}/results.csv: {} bytes, UTF-8 BOM: {}, {} lines (expected {}), last line "
                "ends with CRLF: {}\n  header: {}\n",
                base, csv.body.size(), bom ? "yes" : "no", lines, n + 1, ends_with_crlf ? "yes" : "no",
                header);
            std::size_t first = csv.body.find("\r\n");
            if (first != std::string::npos) {
                std::size_t second = csv.body.find("\r\n", first + 2);
                if (second != std::string::npos)
                    fmt::print("  first row: {}\n", csv.body.substr(first + 2, second - first - 2));
            }
            if (!options_.csv_out.empty()) {
                std::ofstream out(options_.csv_out, std::ios::binary);
                out << csv.body;
            }
            if (!bom || lines != n + 1 || !ends_with_crlf) {
                ok = false;
                stats_.FailCheck("results.csv: wrong shape", "GET " + base + "/results.csv",
                                 csv.body.substr(0, 600));
            }
        } else {
            ok = false;
        }
        c.Close();
        results_ok_ = ok;
    }

    void Report(double seconds, long answers) {
        fmt::print("{:<22} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "request (ms)", "count", "p50", "p90",
                   "p99", "max", "mean");
        for (auto& [kind, samples] : stats_.All()) {
            std::sort(samples.begin(), samples.end());
            double sum = 0;
            for (double s : samples) sum += s;
            fmt::print("{:<22} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}\n", kind, samples.size(),
                       Ms(Percentile(samples, 50)), Ms(Percentile(samples, 90)), Ms(Percentile(samples, 99)),
                       Ms(samples.empty() ? 0 : samples.back()),
                       Ms(samples.empty() ? 0 : sum / static_cast<double>(samples.size())));
        }
        long completed = 0, shared = 0;
        for (const auto& p : participants_) {
            completed += p.completed ? 1 : 0;
            shared += p.shared ? 1 : 0;
        }
        const auto& nexts = stats_.Samples("next");
        const auto& ans = stats_.Samples("answer");
        const double per_s = seconds > 0 ? static_cast<double>(answers) / seconds : 0;
        const double requests =
            static_cast<double>(nexts.size() + ans.size() + stats_.Samples("share").size());
        fmt::print(
            "timed phase: {} participants, {} completed, {} shared, {} answers in {:.2f} s: {:.0f} answers/s "
            "({:.0f} requests/s, {:.1f} answers per test)\n",
            participants_.size(), completed, shared, answers, seconds, per_s,
            seconds > 0 ? requests / seconds : 0,
            participants_.empty() ? 0.0
                                  : static_cast<double>(answers) / static_cast<double>(participants_.size()));
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const auto cpu = [](const timeval& t) {
            return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
        };
        fmt::print("client CPU (whole run, set-up included): {:.2f} s user, {:.2f} s system\n",
                   cpu(usage.ru_utime), cpu(usage.ru_stime));
        fmt::print("errors: {}\n", stats_.FailureCount());
        for (const auto& [key, count] : stats_.Failures()) fmt::print("  {:>6} × {}\n", count, key);
        for (const auto& f : stats_.Examples()) {
            fmt::print("  failing request: {}\n    status {}: {}\n", f.request, f.status, f.response);
        }
        fmt::print(
            "RESULT participants={} answers={} seconds={:.2f} answers_per_s={:.0f} answer_p50_ms={} "
            "answer_p90_ms={} answer_p99_ms={} answer_max_ms={} next_p50_ms={} next_p90_ms={} next_p99_ms={} "
            "next_max_ms={} errors={}\n",
            participants_.size(), answers, seconds, per_s, Ms(Percentile(ans, 50)), Ms(Percentile(ans, 90)),
            Ms(Percentile(ans, 99)), Ms(ans.empty() ? 0 : ans.back()), Ms(Percentile(nexts, 50)),
            Ms(Percentile(nexts, 90)), Ms(Percentile(nexts, 99)), Ms(nexts.empty() ? 0 : nexts.back()),
            stats_.FailureCount());
        std::fflush(stdout);
    }

    net::io_context& io_;
    Options options_;
    net::ip::tcp::endpoint endpoint_;
    std::string host_header_;
    Stats stats_;
    Session admin_, staff_;
    std::string org_id_, campaign_id_, campaign_code_;
    std::vector<Participant> participants_;
    std::size_t next_setup_ = 0;
    bool setup_failed_ = false;
    int setup_remaining_ = 0;
    int remaining_ = 0;
    net::steady_timer* done_timer_ = nullptr;
    double setup_seconds_ = 0;
    bool results_ok_ = false;
    int exit_code_ = 1;
};

}  // namespace
}  // namespace passeur::bench

int main(int argc, char** argv) {
    using passeur::bench::Options;
    Options options;
    CLI::App cli{"Campaign load: N participants answer an adaptive test concurrently through the HTTP API"};
    cli.add_option("--port", options.port, "Port of passeur on 127.0.0.1")->required();
    cli.add_option("--participants", options.participants, "Participants")
        ->check(CLI::Range(1, 20000))
        ->capture_default_str();
    cli.add_option("--setup-connections", options.setup_connections, "Connections of the (untimed) set-up")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cli.add_option("--profile", options.profile, "Target profile of the campaign")->capture_default_str();
    cli.add_option("--admin", options.admin_email, "Administrator who invites the participants")
        ->capture_default_str();
    cli.add_option("--staff", options.staff_email, "Staff member who creates the campaign and reads results")
        ->capture_default_str();
    cli.add_option("--password", options.password, "Password of --admin and --staff")->capture_default_str();
    cli.add_option("--csv-out", options.csv_out, "Write the campaign's CSV here");
    cli.add_option("--seed", options.seed, "Seed of the responses (and of the participants' e-mails)")
        ->capture_default_str();
    cli.add_option("--think-ms", options.think_ms, "Mean pause before each answer (0: closed loop)")
        ->check(CLI::Range(0, 600000))
        ->capture_default_str();
    cli.add_option("--null-share", options.null_share, "Share of « je ne sais pas » (null) responses")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    boost::asio::io_context io(1);
    passeur::bench::Load load(io, options);
    bool crashed = false;
    boost::asio::co_spawn(io, load.Run(), [&](std::exception_ptr e) {
        if (!e) return;
        crashed = true;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            fmt::print(stderr, "campaign_load: {}\n", ex.what());
        }
    });
    io.run();
    return crashed ? 1 : load.exit_code();
}
