#include "assessment/commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "assessment/calibrate.hpp"
#include "assessment/csv_input.hpp"
#include "assessment/simulate.hpp"
#include "core/random.hpp"

namespace passeur::assessment {
namespace {

struct Options {
    CLI::App* simulate = nullptr;
    std::string scenario = "a";
    std::string bank_file;
    std::string profile;
    std::string thetas_file;
    std::size_t examinees = 10'000;
    double true_correlation = 0.6;
    int length = 0;
    double se = 0;
    int min = 0;
    int max = 0;
    double prior_correlation = 0.5;
    std::string exposure = "none";
    int sh_iterations = 8;
    std::uint64_t seed = 1;
    bool json_output = false;
    bool no_timing = false;
    std::string answers_file;
    std::string write_bank;
    std::string write_thetas;
    std::string write_answers;
    CLI::Option* length_option = nullptr;
    CLI::Option* se_option = nullptr;
    CLI::Option* min_option = nullptr;
    CLI::Option* max_option = nullptr;
};

core::Error Usage(std::string message, std::string field) {
    return core::Error::InvalidArgument(std::move(message), std::move(field));
}

// Reads in chunks up to the cap: works on pipes and FIFOs (no size to ask for) and on short reads.
core::Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(Usage(fmt::format("{}: cannot be read", path), path));
    std::string text;
    std::vector<char> buffer(1U << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxCsvBytes) {
            return core::Fail(Usage(fmt::format("{}: larger than 64 MiB", path), path));
        }
    }
    if (in.bad()) return core::Fail(Usage(fmt::format("{}: cannot be read", path), path));
    return text;
}

// One CSV field (RFC 4180): quoted, inner quotes doubled, when it holds a comma, a quote, a line
// break or leading/trailing blanks (which the readers trim).
std::string CsvField(std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' ||
                                          text.back() == '\t'));
    if (!quote) return std::string(text);
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
    return out;
}

core::Result<bool> WriteText(const std::string& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.flush();
    if (!file) return core::Fail(Usage(fmt::format("{}: cannot be written", path), path));
    return true;
}

std::vector<std::string> SplitList(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    std::string part;
    while (std::getline(in, part, ',')) {
        if (!part.empty()) out.push_back(part);
    }
    return out;
}

// "none", "randomesque:K", "sympson-hetter:R".
struct ExposureChoice {
    ExposureControl kind = ExposureControl::kNone;
    int top_k = 0;
    double r = 0;
};

core::Result<ExposureChoice> ParseExposure(const std::string& text) {
    ExposureChoice e;
    if (text == "none") return e;
    const auto colon = text.find(':');
    const std::string name = text.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : text.substr(colon + 1);
    try {
        std::size_t used = 0;
        if (name == "randomesque") {
            const int k = std::stoi(value, &used);
            if (used == value.size() && k >= 1 && k <= 100) {
                e.kind = ExposureControl::kRandomesque;
                e.top_k = k;
                return e;
            }
        } else if (name == "sympson-hetter") {
            const double r = std::stod(value, &used);
            if (used == value.size() && r > 0 && r <= 1) {
                e.kind = ExposureControl::kSympsonHetter;
                e.r = r;
                return e;
            }
        }
    } catch (const std::exception&) {
        // reported below
    }
    return core::Fail(Usage(
        fmt::format(
            "--exposure: \"{}\" is not none, randomesque:K (K 1..100) or sympson-hetter:R (R in (0, 1])",
            text),
        "--exposure"));
}

nlohmann::json Summary(const SimulationResult& r, bool timing) {
    nlohmann::json j;
    j["rmse"] = r.rmse;
    j["bias"] = r.bias;
    j["mean_length"] = r.mean_length;
    j["max_length"] = r.max_length;
    j["share_se_met"] = r.share_se_met ? nlohmann::json(*r.share_se_met) : nlohmann::json(nullptr);
    j["max_exposure"] = r.max_exposure;
    j["stopped"] = {
        {"se_target", r.stopped_se}, {"max_length", r.stopped_max}, {"bank_exhausted", r.stopped_exhausted}};
    j["steps"] = r.steps;
    if (timing) {
        j["steps_per_second"] = r.steps_per_second;
        j["median_us_per_step"] = r.median_us_per_step;
    }
    nlohmann::json per = nlohmann::json::array();
    for (const auto& c : r.competences) {
        per.push_back(
            {{"competence", c.competence}, {"rmse", c.rmse}, {"bias", c.bias}, {"mean_items", c.mean_items}});
    }
    j["competences"] = per;
    return j;
}

core::Result<nlohmann::json> Run(const Options& o) {
    if (o.scenario != "a" && o.scenario != "b") {
        return core::Fail(Usage("--scenario: a or b", "--scenario"));
    }
    const bool scenario_b = o.scenario == "b";
    core::SeededRandom bank_random(o.seed);
    core::SeededRandom ability_random(o.seed + 1);
    core::SeededRandom run_random(o.seed + 2);

    // The bank.
    std::vector<BankItem> items;
    if (!o.bank_file.empty()) {
        auto text = ReadFile(o.bank_file);
        if (!text) return core::Fail(text.error());
        auto parsed = ParseBankCsv(*text, o.bank_file);
        if (!parsed) return core::Fail(parsed.error());
        items = std::move(*parsed);
    } else {
        if (scenario_b) {
            auto generated = GenerateScenarioBBank(bank_random);
            if (!generated) return core::Fail(generated.error());
            items = std::move(*generated);
        } else {
            items = GenerateScenarioABank(bank_random);
        }
    }
    auto bank = ItemBank::Create(std::move(items));
    if (!bank) return core::Fail(bank.error());

    // The profile: --profile, else the 4 first competences (scenario b) or every competence.
    std::vector<std::size_t> profile;
    std::vector<std::string> names = SplitList(o.profile);
    if (names.empty()) {
        const std::size_t n = scenario_b && o.bank_file.empty() ? 4 : bank->competences().size();
        for (std::size_t i = 0; i < n; ++i) names.push_back(bank->competences()[i]);
    }
    if (names.size() > kMaxProfileCompetences) {
        return core::Fail(Usage(
            fmt::format("--profile: {} competences, at most 16 (name them with --profile)", names.size()),
            "--profile"));
    }
    for (const auto& name : names) {
        auto c = bank->FindCompetence(name);
        if (!c)
            return core::Fail(
                Usage(fmt::format("--profile: no competence \"{}\" in the bank", name), "--profile"));
        profile.push_back(*c);
    }
    const std::size_t dims = profile.size();

    // True abilities.
    std::vector<double> abilities;
    if (!o.thetas_file.empty()) {
        auto text = ReadFile(o.thetas_file);
        if (!text) return core::Fail(text.error());
        auto table = ParseAbilitiesCsv(*text, o.thetas_file);
        if (!table) return core::Fail(table.error());
        std::vector<std::size_t> column_of(dims);
        if (table->columns.size() == 1 && table->columns[0] == "theta") {
            if (dims != 1) {
                return core::Fail(
                    Usage(fmt::format("{}: one \"theta\" column for a profile of {} competences",
                                      o.thetas_file, dims),
                          o.thetas_file));
            }
            column_of[0] = 0;
        } else {
            for (std::size_t d = 0; d < dims; ++d) {
                const std::string& name = bank->competences()[profile[d]];
                auto it = std::find(table->columns.begin(), table->columns.end(), name);
                if (it == table->columns.end()) {
                    return core::Fail(
                        Usage(fmt::format("{}: no column for competence \"{}\"", o.thetas_file, name),
                              o.thetas_file));
                }
                column_of[d] = static_cast<std::size_t>(it - table->columns.begin());
            }
        }
        const std::size_t width = table->columns.size();
        for (std::size_t e = 0; e < table->ids.size(); ++e) {
            for (std::size_t d = 0; d < dims; ++d)
                abilities.push_back(table->values[e * width + column_of[d]]);
        }
    } else {
        if (o.examinees < 1 || o.examinees > kMaxAbilityRows) {
            return core::Fail(Usage("--examinees: must be within 1..1000000", "--examinees"));
        }
        auto drawn = DrawAbilities(ability_random, o.examinees, dims, o.true_correlation);
        if (!drawn)
            return core::Fail(Usage("--true-correlation: " + drawn.error().message, "--true-correlation"));
        abilities = std::move(*drawn);
    }

    // The test configuration. Given values are checked here (a negative or NaN value used to fall
    // back silently to the defaults).
    if (o.length_option != nullptr && o.length_option->count() > 0 && o.length < 1) {
        return core::Fail(
            Usage(fmt::format("--length: must be a positive integer, not {}", o.length), "--length"));
    }
    if (o.se_option != nullptr && o.se_option->count() > 0 && !(std::isfinite(o.se) && o.se > 0)) {
        return core::Fail(Usage(fmt::format("--se: must be a positive number, not {}", o.se), "--se"));
    }
    if (o.min_option != nullptr && o.min_option->count() > 0 && o.min < 0) {
        return core::Fail(Usage(fmt::format("--min: must be 0 or more, not {}", o.min), "--min"));
    }
    if (o.max_option != nullptr && o.max_option->count() > 0 && o.max < 1) {
        return core::Fail(Usage(fmt::format("--max: must be a positive integer, not {}", o.max), "--max"));
    }
    if (!std::isfinite(o.prior_correlation)) {
        return core::Fail(Usage("--prior-correlation: must be a number", "--prior-correlation"));
    }
    TestConfig config;
    config.prior_correlation = o.prior_correlation;
    if (o.length > 0) {
        if (o.se > 0 || o.min > 0 || o.max > 0) {
            return core::Fail(Usage("--length: not with --se, --min or --max", "--length"));
        }
        config.se_target.reset();
        config.min_length = 0;
        config.max_length = o.length;
    } else if (o.se > 0 || o.min > 0 || o.max > 0) {
        config.se_target = o.se > 0 ? o.se : 0.40;
        config.min_length = o.min;
        config.max_length = o.max > 0 ? o.max : static_cast<int>(40 * dims);
    } else if (scenario_b || dims > 1) {
        config.se_target = 0.40;
        config.max_length = static_cast<int>(40 * dims);
    } else {
        config.se_target.reset();
        config.max_length = 20;
    }
    config.min_items_per_competence = dims > 1 ? 1 : 0;
    auto exposure = ParseExposure(o.exposure);
    if (!exposure) return core::Fail(exposure.error());
    PASSEUR_TRY(ValidateConfig(config, dims, bank->size()));

    // Files for another engine (bench/jscat): the bank, the abilities, a pre-drawn answer matrix.
    std::vector<std::string> examinee_ids;
    if (!o.thetas_file.empty()) {
        auto text = ReadFile(o.thetas_file);  // read again for the ids (small, already validated)
        if (!text) return core::Fail(text.error());
        auto table = ParseAbilitiesCsv(*text, o.thetas_file);
        if (!table) return core::Fail(table.error());
        examinee_ids = table->ids;
    } else {
        for (std::size_t e = 0; e < abilities.size() / dims; ++e)
            examinee_ids.push_back(fmt::format("e{:06}", e + 1));
    }
    if (!o.write_bank.empty()) {
        std::string text = "id,competence,a,b,c\n";
        for (std::size_t i = 0; i < bank->size(); ++i) {
            const BankItem& it = bank->item(i);
            if (it.partial()) {
                return core::Fail(
                    Usage("--write-bank: partial-credit items cannot be written as id,competence,a,b,c",
                          "--write-bank"));
            }
            text += fmt::format("{},{},{:.17g},{:.17g},{:.17g}\n", CsvField(it.id), CsvField(it.competence),
                                it.a, it.b, it.c);
        }
        PASSEUR_TRY(WriteText(o.write_bank, text));
    }
    if (!o.write_thetas.empty()) {
        std::string text = "id";
        if (dims == 1) {
            text += ",theta";
        } else {
            for (std::size_t c : profile) text += "," + CsvField(bank->competences()[c]);
        }
        text += "\n";
        for (std::size_t e = 0; e < examinee_ids.size(); ++e) {
            text += CsvField(examinee_ids[e]);
            for (std::size_t d = 0; d < dims; ++d) text += fmt::format(",{:.17g}", abilities[e * dims + d]);
            text += "\n";
        }
        PASSEUR_TRY(WriteText(o.write_thetas, text));
    }
    std::vector<std::uint8_t> answers;
    if (!o.answers_file.empty()) {
        if (!o.write_answers.empty())
            return core::Fail(Usage("--answers: not with --write-answers", "--answers"));
        auto text = ReadFile(o.answers_file);
        if (!text) return core::Fail(text.error());
        auto data = ParseResponsesCsv(*text, o.answers_file);
        if (!data) return core::Fail(data.error());
        if (data->persons.size() != examinee_ids.size()) {
            return core::Fail(Usage(fmt::format("{}: {} rows of answers for {} examinees", o.answers_file,
                                                data->persons.size(), examinee_ids.size()),
                                    o.answers_file));
        }
        std::vector<std::size_t> item_of(data->items.size());
        for (std::size_t k = 0; k < data->items.size(); ++k) {
            auto found = bank->FindItem(data->items[k]);
            if (!found) {
                return core::Fail(
                    Usage(fmt::format("{}: column \"{}\" is not a bank item", o.answers_file, data->items[k]),
                          o.answers_file));
            }
            item_of[k] = *found;
        }
        if (data->items.size() != bank->size() ||
            data->observations.size() != data->persons.size() * bank->size()) {
            return core::Fail(Usage(fmt::format("{}: one 0/1 answer per examinee and bank item is needed (no "
                                                "missing cell, a column per bank item)",
                                                o.answers_file),
                                    o.answers_file));
        }
        answers.assign(data->persons.size() * bank->size(), 0);
        for (const Observation& ob : data->observations)
            answers[ob.person * bank->size() + item_of[ob.item]] = ob.correct;
    } else if (!o.write_answers.empty()) {
        if (dims != 1)
            return core::Fail(Usage("--write-answers: a profile of one competence", "--write-answers"));
        core::SeededRandom answer_random(o.seed + 4);
        auto drawn = DrawAnswerMatrix(*bank, abilities, answer_random);
        if (!drawn) return core::Fail(Usage("--write-answers: " + drawn.error().message, "--write-answers"));
        answers = std::move(*drawn);
        std::string text = "id";
        for (std::size_t i = 0; i < bank->size(); ++i) text += "," + CsvField(bank->item(i).id);
        text += "\n";
        for (std::size_t e = 0; e < examinee_ids.size(); ++e) {
            text += CsvField(examinee_ids[e]);
            for (std::size_t i = 0; i < bank->size(); ++i)
                text += answers[e * bank->size() + i] != 0 ? ",1" : ",0";
            text += "\n";
        }
        PASSEUR_TRY(WriteText(o.write_answers, text));
    }

    SimulationSpec spec{profile, config, abilities, answers};
    Stopwatch stopwatch;
    if (!o.no_timing) {
        stopwatch = [] {
            return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                 std::chrono::steady_clock::now().time_since_epoch())
                                                 .count());
        };
    }
    const bool timing = !o.no_timing;

    nlohmann::json out;
    out["scenario"] = o.bank_file.empty() ? o.scenario : "external";
    out["seed"] = o.seed;
    out["bank_items"] = bank->size();
    out["examinees"] = abilities.size() / dims;
    nlohmann::json profile_json = nlohmann::json::array();
    for (std::size_t c : profile) profile_json.push_back(bank->competences()[c]);
    out["profile"] = profile_json;
    out["config"] = {
        {"se_target", config.se_target ? nlohmann::json(*config.se_target) : nlohmann::json(nullptr)},
        {"min_length", config.min_length},
        {"max_length", config.max_length},
        {"prior_correlation", dims > 1 ? nlohmann::json(config.prior_correlation) : nlohmann::json(nullptr)},
        {"exposure", o.exposure}};

    // Without exposure control first: the reference for the RMSE cost of exposure control.
    SimulationSpec plain = spec;
    core::SeededRandom plain_random(o.seed + 2);
    auto base = Simulate(*bank, plain, plain_random, stopwatch);
    if (!base) return core::Fail(base.error());
    if (exposure->kind == ExposureControl::kNone) {
        out.update(Summary(*base, timing));
    } else {
        spec.config.exposure.kind = exposure->kind;
        spec.config.exposure.top_k = exposure->top_k > 0 ? exposure->top_k : 5;
        if (exposure->kind == ExposureControl::kSympsonHetter) {
            if (o.sh_iterations < 1 || o.sh_iterations > 100) {
                return core::Fail(Usage("--sh-iterations: must be within 1..100", "--sh-iterations"));
            }
            core::SeededRandom calibration_random(o.seed + 3);
            // Calibrated on other examinees than those evaluated (in-sample K fit the evaluation's own
            // noise): a fresh draw of the same size, or the --thetas examinees when they are given.
            SimulationSpec calibration = spec;
            calibration.answers = {};
            std::vector<double> other;
            if (o.thetas_file.empty()) {
                core::SeededRandom other_random(o.seed + 5);
                auto drawn = DrawAbilities(other_random, abilities.size() / dims, dims, o.true_correlation);
                if (!drawn) return core::Fail(drawn.error());
                other = std::move(*drawn);
                calibration.abilities = other;
            }
            out["exposure_calibration_sample"] = o.thetas_file.empty() ? "independent" : "same (--thetas)";
            auto k =
                CalibrateSympsonHetter(*bank, calibration, exposure->r, o.sh_iterations, calibration_random);
            if (!k) return core::Fail(k.error());
            spec.config.exposure.sympson_hetter = std::move(*k);
        }
        auto controlled = Simulate(*bank, spec, run_random, stopwatch);
        if (!controlled) return core::Fail(controlled.error());
        out.update(Summary(*controlled, timing));
        out["without_exposure_control"] = {
            {"rmse", base->rmse}, {"max_exposure", base->max_exposure}, {"mean_length", base->mean_length}};
        out["rmse_cost"] = controlled->rmse - base->rmse;
    }
    if (dims > 1) {
        // The same examinees as independent one-competence tests: prior correlation 0.
        SimulationSpec independent = spec;
        independent.config.prior_correlation = 0.0;
        independent.config.prior_correlations.clear();
        core::SeededRandom independent_random(o.seed + 2);
        auto alone = Simulate(*bank, independent, independent_random, stopwatch);
        if (!alone) return core::Fail(alone.error());
        out["independent"] = Summary(*alone, timing);
        out["length_reduction"] =
            alone->mean_length > 0 ? 1.0 - out["mean_length"].get<double>() / alone->mean_length : 0.0;
    }
    return out;
}

std::string Table(const nlohmann::json& j, bool timing) {
    std::string s;
    const auto& cfg = j["config"];
    s += fmt::format("passeur simulate — scénario {} : {} questions, {} personnes simulées, graine {}\n",
                     j["scenario"].get<std::string>(), j["bank_items"].get<std::size_t>(),
                     j["examinees"].get<std::size_t>(), j["seed"].get<std::uint64_t>());
    if (cfg["se_target"].is_null()) {
        s += fmt::format("test : longueur fixe {}", cfg["max_length"].get<int>());
    } else {
        s += fmt::format("test : erreur type cible {:.2f}, longueur {}..{}", cfg["se_target"].get<double>(),
                         cfg["min_length"].get<int>(), cfg["max_length"].get<int>());
    }
    s += fmt::format(" ; exposition : {}", cfg["exposure"].get<std::string>());
    if (!cfg["prior_correlation"].is_null()) {
        s += fmt::format(" ; corrélation a priori {:.2f}", cfg["prior_correlation"].get<double>());
    }
    s += "\n\n";
    auto block = [&](const nlohmann::json& r, std::string_view title) {
        s +=
            fmt::format("{}\n{:<24} {:>8} {:>8} {:>10}\n", title, "compétence", "RMSE", "biais", "questions");
        for (const auto& c : r["competences"]) {
            s += fmt::format("{:<24} {:>8.3f} {:>+8.3f} {:>10.2f}\n", c["competence"].get<std::string>(),
                             c["rmse"].get<double>(), c["bias"].get<double>(), c["mean_items"].get<double>());
        }
        s += fmt::format("{:<24} {:>8.3f} {:>+8.3f} {:>10.2f}\n", "ensemble", r["rmse"].get<double>(),
                         r["bias"].get<double>(), r["mean_length"].get<double>());
        s += fmt::format(
            "longueur moyenne {:.2f} (max {}) ; cible d'erreur atteinte : {} ; exposition max {:.3f}\n",
            r["mean_length"].get<double>(), r["max_length"].get<std::size_t>(),
            r["share_se_met"].is_null() ? std::string("—")
                                        : fmt::format("{:.1f} %", 100 * r["share_se_met"].get<double>()),
            r["max_exposure"].get<double>());
        if (timing) {
            s += fmt::format("moteur : {:.0f} pas/s ; médiane {:.2f} µs par pas\n",
                             r["steps_per_second"].get<double>(), r["median_us_per_step"].get<double>());
        }
    };
    block(j, "Résultat");
    if (j.contains("rmse_cost")) {
        s += fmt::format(
            "sans contrôle d'exposition : RMSE {:.3f}, exposition max {:.3f} ; coût en RMSE {:+.3f}\n",
            j["without_exposure_control"]["rmse"].get<double>(),
            j["without_exposure_control"]["max_exposure"].get<double>(), j["rmse_cost"].get<double>());
    }
    if (j.contains("independent")) {
        s += "\n";
        block(j["independent"], "Tests indépendants, une compétence à la fois (corrélation a priori 0)");
        s += fmt::format("\nréduction de longueur du test multidimensionnel : {:.1f} %\n",
                         100 * j["length_reduction"].get<double>());
    }
    return s;
}

int Simulate(const Options& o) {
    auto result = Run(o);
    if (!result) {
        fmt::print(stderr, "passeur: {}\n", result.error().message);
        return 1;
    }
    if (o.json_output) {
        fmt::print("{}\n", result->dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
        fmt::print("{}", Table(*result, !o.no_timing));
    }
    std::fflush(stdout);
    return 0;
}

struct CalibrateOptions {
    CLI::App* calibrate = nullptr;
    std::string responses_file;
    std::string anchors_file;
    std::string out_file;
    bool recovery = false;
    std::size_t persons = 5000;
    std::size_t items = 200;
    std::size_t answers = 0;
    std::size_t min_responses = 20;
    int max_cycles = 500;
    int threads = 2;
    std::uint64_t seed = 1;
    bool json_output = false;
    // Adaptive logs of the recovery: what the live test service uses by default.
    std::string exposure = "randomesque:3";
    int sh_iterations = 8;
    CLI::Option* exposure_option = nullptr;
    std::string db_url;
    StoredResponsesLoader loader;
};

std::int64_t SteadyNanos() {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
}

int ReportError(const core::Error& error) {
    fmt::print(stderr, "passeur: {}\n", error.message);
    return 1;
}

int Recovery(const CalibrateOptions& o) {
    RecoverySpec spec;
    spec.persons = o.persons;
    spec.items = o.items;
    spec.answers_per_person = o.answers;
    spec.options.threads = o.threads;
    spec.options.max_cycles = o.max_cycles;
    spec.options.min_responses = o.min_responses;
    if (o.answers == 0 && o.exposure_option != nullptr && o.exposure_option->count() > 0) {
        return ReportError(Usage("--exposure: only for adaptive logs (--answers N > 0)", "--exposure"));
    }
    auto exposure = ParseExposure(o.exposure);
    if (!exposure) return ReportError(exposure.error());
    spec.exposure.kind = exposure->kind;
    if (exposure->top_k > 0) spec.exposure.top_k = exposure->top_k;
    if (exposure->kind == ExposureControl::kSympsonHetter) spec.exposure.sh_r = exposure->r;
    spec.exposure.sh_iterations = o.sh_iterations;
    core::SeededRandom random(o.seed);
    auto r = CalibrationRecovery(spec, random, SteadyNanos);
    if (!r) return ReportError(r.error());
    const auto group = [](const RecoveryGroup& g) {
        return nlohmann::json{{"items", g.items}, {"rmse_a", g.rmse_a}, {"rmse_b", g.rmse_b}};
    };
    const std::string design = o.answers == 0 ? std::string("complete") : o.exposure;
    if (o.json_output) {
        nlohmann::json j = {
            {"persons", o.persons},
            {"items", o.items},
            {"answers_per_person", o.answers},
            {"exposure", design},
            {"observations", r->observations},
            {"estimated_items", r->estimated_items},
            {"rmse_a", r->rmse_a},
            {"rmse_b", r->rmse_b},
            {"all_items", group(r->all)},
            {"items_with_20_answers", group(r->answered_20)},
            {"items_with_200_answers", group(r->answered_200)},
            {"answers_per_item",
             {{"min", r->answers_min}, {"median", r->answers_median}, {"max", r->answers_max}}},
            {"cycles", r->cycles},
            {"converged", r->converged},
            {"seconds", r->seconds},
            {"seed", o.seed}};
        fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
        fmt::print(
            "calibrage (récupération) : {} personnes, {} questions, {} réponses ({})\n"
            "questions estimées {} ; RMSE a {:.4f} ; RMSE b {:.4f} ; {} cycles EM{} ; {:.3f} s\n"
            "toutes les questions ({}) : RMSE a {:.4f}, b {:.4f} ; ≥ 20 réponses ({}) : a {:.4f}, b {:.4f} ; "
            "≥ 200 réponses ({}) : a {:.4f}, b {:.4f}\n"
            "réponses par question : min {}, médiane {}, max {}\n",
            o.persons, o.items, r->observations,
            o.answers == 0 ? std::string("complètes")
                           : fmt::format("tests adaptatifs de {}, exposition {}", o.answers, o.exposure),
            r->estimated_items, r->rmse_a, r->rmse_b, r->cycles, r->converged ? "" : " (sans convergence)",
            r->seconds, r->all.items, r->all.rmse_a, r->all.rmse_b, r->answered_20.items,
            r->answered_20.rmse_a, r->answered_20.rmse_b, r->answered_200.items, r->answered_200.rmse_a,
            r->answered_200.rmse_b, r->answers_min, r->answers_median, r->answers_max);
    }
    std::fflush(stdout);
    return 0;
}

// Why an item kept its start values, or "estimated".
std::string_view FitStatus(const ItemFit& f, const ItemStart& start) {
    if (f.estimated) return "estimated";
    return start.anchor ? "anchor" : "too_few_responses";
}

// Within the bounds of the item files' `irt` (docs/formats/items.md): a in [0.2, 4], b in [-5, 5].
bool WithinItemBounds(const ItemFit& f) { return f.a >= 0.2 && f.a <= 4.0 && f.b >= -5.0 && f.b <= 5.0; }

int StoredCalibration(const CalibrateOptions& o);

int Calibration(const CalibrateOptions& o) {
    if (o.recovery) return Recovery(o);
    if (o.responses_file.empty()) return StoredCalibration(o);
    auto text = ReadFile(o.responses_file);
    if (!text) return ReportError(text.error());
    auto data = ParseResponsesCsv(*text, o.responses_file);
    if (!data) return ReportError(data.error());
    std::vector<ItemStart> start(data->items.size());
    if (!o.anchors_file.empty()) {
        auto anchors_text = ReadFile(o.anchors_file);
        if (!anchors_text) return ReportError(anchors_text.error());
        auto anchors = ParseItemParamsCsv(*anchors_text, o.anchors_file);
        if (!anchors) return ReportError(anchors.error());
        for (const ItemParams& p : *anchors) {
            auto it = std::find(data->items.begin(), data->items.end(), p.id);
            if (it == data->items.end()) {
                return ReportError(core::Error::InvalidArgument(fmt::format(
                    "{}: anchor \"{}\" has no response in {}", o.anchors_file, p.id, o.responses_file)));
            }
            start[static_cast<std::size_t>(it - data->items.begin())] = {p.a, p.b, true};
        }
    }
    CalibrationOptions options;
    options.threads = o.threads;
    options.max_cycles = o.max_cycles;
    options.min_responses = o.min_responses;
    auto result = Calibrate(*data, start, options);
    if (!result) return ReportError(result.error());
    std::string out;
    if (o.json_output) {
        nlohmann::json items = nlohmann::json::array();
        for (std::size_t j = 0; j < result->items.size(); ++j) {
            const ItemFit& f = result->items[j];
            items.push_back({{"id", f.id},
                             {"a", f.a},
                             {"b", f.b},
                             {"responses", f.responses},
                             {"estimated", f.estimated},
                             {"status", FitStatus(f, start[j])},
                             {"change_a", f.change_a},
                             {"change_b", f.change_b},
                             {"rmsd", f.rmsd}});
        }
        nlohmann::json j = {{"items", items},
                            {"persons", data->persons.size()},
                            {"observations", data->observations.size()},
                            {"cycles", result->cycles},
                            {"converged", result->converged},
                            {"population_mean", result->population_mean},
                            {"population_sd", result->population_sd},
                            {"log_likelihood", result->log_likelihood}};
        out = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
        out = "id,a,b\n";
        for (const ItemFit& f : result->items)
            out += fmt::format("{},{:.6f},{:.6f}\n", CsvField(f.id), f.a, f.b);
    }
    if (o.out_file.empty()) {
        fmt::print("{}", out);
    } else {
        std::ofstream file(o.out_file, std::ios::binary | std::ios::trunc);
        file << out;
        if (!file)
            return ReportError(
                core::Error::InvalidArgument(fmt::format("{}: cannot be written", o.out_file)));
    }
    // The report: on stderr when the parameters go to stdout.
    std::size_t kept = 0;
    const ItemFit* worst = nullptr;
    for (const ItemFit& f : result->items) {
        if (!f.estimated) ++kept;
        if (f.estimated && (worst == nullptr || f.rmsd > worst->rmsd)) worst = &f;
    }
    std::FILE* report = o.out_file.empty() ? stderr : stdout;
    fmt::print(report,
               "calibrage : {} personnes, {} questions, {} réponses ; {} cycles EM{} ; {} question(s) "
               "gardent leurs valeurs de départ (ancres ou moins de {} réponses)\n",
               data->persons.size(), data->items.size(), data->observations.size(), result->cycles,
               result->converged ? "" : " (sans convergence)", kept, o.min_responses);
    if (worst != nullptr) {
        fmt::print(report, "moins bon ajustement : {} (RMSD {:.3f})\n", worst->id, worst->rmsd);
    }
    std::fflush(stdout);
    return 0;
}

// `id,a,b` of the fitted items: CSV, or a JSON array of {id, a, b} when the path ends in ".json".
core::Result<bool> WriteParameters(const std::string& path, const std::vector<ItemFit>& items) {
    std::string text;
    if (path.ends_with(".json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const ItemFit& f : items) out.push_back({{"id", f.id}, {"a", f.a}, {"b", f.b}});
        text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
        text = "id,a,b\n";
        for (const ItemFit& f : items) text += fmt::format("{},{:.6f},{:.6f}\n", CsvField(f.id), f.a, f.b);
    }
    return WriteText(path, text);
}

constexpr const char* kNotWritten =
    "Rien n'est écrit dans la banque de questions : pour appliquer, reporter les `irt` ajustés dans les "
    "fichiers de questions puis lancer `passeur items import`.";

// Calibration of the responses stored by the learners' tests (no --responses, no --recovery).
int StoredCalibration(const CalibrateOptions& o) {
    if (!o.loader) {
        return ReportError(core::Error::InvalidArgument(
            "calibrate: --responses FILE.csv or --recovery is required (no database in this build)"));
    }
    auto input = o.loader(o.db_url);
    if (!input) return ReportError(input.error());
    const StoredCalibrationInput& in = *input;
    CalibrationResult result;
    if (!in.data.observations.empty()) {
        CalibrationOptions options;
        options.threads = o.threads;
        options.max_cycles = o.max_cycles;
        options.min_responses = o.min_responses;
        auto fitted = Calibrate(in.data, in.start, options);
        if (!fitted) return ReportError(fitted.error());
        result = std::move(*fitted);
    }
    std::size_t estimated = 0, anchors = 0, too_few = 0, outside = 0;
    for (std::size_t j = 0; j < result.items.size(); ++j) {
        const ItemFit& f = result.items[j];
        if (f.estimated) {
            ++estimated;
            if (!WithinItemBounds(f)) ++outside;
        } else if (in.start[j].anchor) {
            ++anchors;
        } else {
            ++too_few;
        }
    }
    if (!o.out_file.empty()) {
        auto written = WriteParameters(o.out_file, result.items);
        if (!written) return ReportError(written.error());
    }
    const bool fitted = !in.data.observations.empty();
    if (o.json_output) {
        nlohmann::json items = nlohmann::json::array();
        for (std::size_t j = 0; j < result.items.size(); ++j) {
            const ItemFit& f = result.items[j];
            items.push_back({{"id", f.id},
                             {"framework", in.items[j].framework},
                             {"competence", in.items[j].competence},
                             {"level", in.items[j].level},
                             {"responses", f.responses},
                             {"estimated", f.estimated},
                             {"status", FitStatus(f, in.start[j])},
                             {"a", f.a},
                             {"b", f.b},
                             {"change_a", f.change_a},
                             {"change_b", f.change_b},
                             {"rmsd", f.rmsd},
                             {"within_item_bounds", WithinItemBounds(f)}});
        }
        nlohmann::json j = {
            {"source", "store"},
            {"items", items},
            {"tests", in.data.persons.size()},
            {"answers", in.data.observations.size()},
            {"items_estimated", estimated},
            {"items_kept_anchor", anchors},
            {"items_kept_too_few_responses", too_few},
            {"items_outside_item_bounds", outside},
            {"min_responses", o.min_responses},
            {"answers_to_deleted_items", in.answers_deleted_items},
            {"deleted_items", in.deleted_items},
            {"answers_other_model", in.answers_other_model},
            {"bank_items_unanswered", in.bank_items_unanswered},
            {"fitted", fitted},
            {"cycles", result.cycles},
            {"converged", result.converged},
            {"population_mean", fitted ? nlohmann::json(result.population_mean) : nlohmann::json()},
            {"population_sd", fitted ? nlohmann::json(result.population_sd) : nlohmann::json()},
            {"log_likelihood", fitted ? nlohmann::json(result.log_likelihood) : nlohmann::json()},
            {"item_bank_written", false}};
        fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        std::fflush(stdout);
        return 0;
    }
    std::string text;
    if (!fitted) {
        text += "calibrage : aucune réponse enregistrée utilisable, rien à calibrer";
        text += o.out_file.empty() ? "\n" : fmt::format(" ({} ne reçoit aucune ligne)\n", o.out_file);
    } else {
        text += fmt::format(
            "calibrage des réponses enregistrées : {} tests, {} réponses, {} questions ({} estimées, {} "
            "ancre(s), {} à moins de {} réponses gardent leurs valeurs) ; {} cycles EM{} ; population : "
            "moyenne {:.3f}, écart type {:.3f}\n",
            in.data.persons.size(), in.data.observations.size(), result.items.size(), estimated, anchors,
            too_few, o.min_responses, result.cycles, result.converged ? "" : " (sans convergence)",
            result.population_mean, result.population_sd);
        text += fmt::format("{:<32} {:>8}  {:<12} {:>7} {:>7} {:>7} {:>7} {:>6}\n", "question", "réponses",
                            "état", "a", "b", "Δa", "Δb", "RMSD");
        for (std::size_t j = 0; j < result.items.size(); ++j) {
            const ItemFit& f = result.items[j];
            const std::string_view status = f.estimated          ? "estimée"
                                            : in.start[j].anchor ? "ancre"
                                                                 : "trop peu";
            text += fmt::format("{:<32} {:>8}  {:<12} {:>7.3f} {:>7.3f} {:>+7.3f} {:>+7.3f} {:>6.3f}{}\n",
                                f.id, f.responses, status, f.a, f.b, f.change_a, f.change_b, f.rmsd,
                                f.estimated && !WithinItemBounds(f) ? "  hors bornes des fichiers" : "");
        }
    }
    if (in.answers_deleted_items > 0) {
        text += fmt::format("{} réponse(s) à {} question(s) supprimée(s) de la banque : ignorées\n",
                            in.answers_deleted_items, in.deleted_items);
    }
    if (in.answers_other_model > 0) {
        text +=
            fmt::format("{} réponse(s) hors modèle 2PL dichotomique : ignorées\n", in.answers_other_model);
    }
    if (in.bank_items_unanswered > 0) {
        text += fmt::format("{} question(s) de la banque sans aucune réponse\n", in.bank_items_unanswered);
    }
    if (outside > 0) {
        text += fmt::format(
            "{} question(s) estimée(s) hors des bornes des fichiers de questions (a dans [0,2 ; 4], b dans "
            "[-5 ; 5]) : à revoir avant de les reporter\n",
            outside);
    }
    text += kNotWritten;
    text += "\n";
    fmt::print("{}", text);
    std::fflush(stdout);
    return 0;
}

}  // namespace

core::CommandRunner AddAssessmentCommands(CLI::App& cli, const core::CommandEnv& env,
                                          StoredResponsesLoader loader) {
    auto o = std::make_shared<Options>();
    o->simulate =
        cli.add_subcommand("simulate", "Simuler des tests adaptatifs (personnes d'aptitude connue)");
    auto* s = o->simulate;
    s->add_option("--scenario", o->scenario, "Scénario de référence : a (1 compétence) ou b (4 sur 16)")
        ->capture_default_str();
    s->add_option("--bank", o->bank_file, "Banque externe CSV : id,competence,a,b[,c] (logistique, D = 1)");
    s->add_option("--profile", o->profile, "Compétences du profil, séparées par des virgules");
    auto* thetas =
        s->add_option("--thetas", o->thetas_file, "Aptitudes CSV : id,theta ou id,<compétence>...");
    s->add_option("--examinees", o->examinees, "Nombre de personnes simulées")
        ->capture_default_str()
        ->excludes(thetas);
    s->add_option("--true-correlation", o->true_correlation, "Corrélation des aptitudes simulées")
        ->capture_default_str();
    o->length_option = s->add_option("--length", o->length, "Longueur fixe");
    o->se_option = s->add_option("--se", o->se, "Erreur type cible (arrêt)");
    o->min_option = s->add_option("--min", o->min, "Longueur minimale");
    o->max_option = s->add_option("--max", o->max, "Longueur maximale");
    s->add_option(
        "--answers", o->answers_file,
        "Réponses prétirées CSV (matrice 0/1 : une ligne par personne dans l'ordre des aptitudes, une "
        "colonne par question de la banque)");
    s->add_option("--write-bank", o->write_bank, "Écrire la banque utilisée (id,competence,a,b,c)");
    s->add_option("--write-thetas", o->write_thetas, "Écrire les aptitudes simulées (id,theta...)");
    s->add_option("--write-answers", o->write_answers,
                  "Tirer une réponse par personne et par question, l'écrire (matrice 0/1) et l'utiliser");
    s->add_option("--prior-correlation", o->prior_correlation, "Corrélation a priori entre compétences")
        ->capture_default_str();
    s->add_option("--exposure", o->exposure, "none | randomesque:K | sympson-hetter:R")
        ->capture_default_str();
    s->add_option("--sh-iterations", o->sh_iterations, "Itérations de calibrage Sympson–Hetter")
        ->capture_default_str();
    s->add_option("--seed", o->seed, "Graine")->capture_default_str();
    s->add_flag("--json", o->json_output, "Sortie JSON");
    s->add_flag("--no-timing", o->no_timing,
                "Sans les mesures de temps (sortie identique d'une exécution à l'autre)");

    auto c = std::make_shared<CalibrateOptions>();
    c->db_url = env.default_db;
    c->loader = std::move(loader);
    c->calibrate = cli.add_subcommand(
        "calibrate",
        "Calibrer les paramètres 2PL (EM, vraisemblance marginale). Sans --responses ni --recovery : les "
        "réponses enregistrées par les tests de la base (--db). Rien n'est écrit dans la banque de "
        "questions : pour appliquer, reporter les `irt` ajustés dans les fichiers de questions puis lancer "
        "`passeur items import`.");
    auto* k = c->calibrate;
    auto* responses =
        k->add_option("--responses", c->responses_file,
                      "Réponses CSV : person,item,correct ou matrice 0/1 (en-tête : ids des questions)");
    k->add_option("--anchors", c->anchors_file, "Ancres CSV id,a,b (paramètres fixés, l'échelle les suit)")
        ->needs(responses);
    k->add_option("--out", c->out_file,
                  "Écrire les paramètres dans ce fichier (avec --responses le rapport va alors sur stdout ; "
                  "réponses enregistrées : id,a,b en CSV, ou en JSON si FILE finit par .json)");
    auto* recovery = k->add_flag("--recovery", c->recovery,
                                 "Récupération : simuler des réponses de paramètres connus, calibrer, RMSE")
                         ->excludes(responses);
    k->add_option(
         "--db", c->db_url,
         "Réponses enregistrées : base sqlite:PATH ou postgresql://... (sans --responses ni --recovery)")
        ->capture_default_str()
        ->excludes(responses)
        ->excludes(recovery);
    k->add_option("--persons", c->persons, "Récupération : personnes")->capture_default_str();
    k->add_option("--items", c->items, "Récupération : questions")->capture_default_str();
    k->add_option("--answers", c->answers,
                  "Récupération : réponses par personne en test adaptatif (0 : toutes)")
        ->capture_default_str();
    c->exposure_option =
        k->add_option("--exposure", c->exposure,
                      "Récupération, tests adaptatifs : none | randomesque:K | sympson-hetter:R (par défaut "
                      "celui du service de test)")
            ->capture_default_str();
    k->add_option("--sh-iterations", c->sh_iterations,
                  "Récupération : itérations de calibrage Sympson–Hetter")
        ->capture_default_str();
    k->add_option("--min-responses", c->min_responses, "Réponses minimales pour estimer une question")
        ->capture_default_str();
    k->add_option("--max-cycles", c->max_cycles, "Cycles EM au plus")->capture_default_str();
    k->add_option("--threads", c->threads, "Fils d'exécution de l'étape E")->capture_default_str();
    k->add_option("--seed", c->seed, "Graine (récupération)")->capture_default_str();
    k->add_flag("--json", c->json_output, "Sortie JSON (paramètres, ajustement, changements)");

    return [o, c]() -> std::optional<int> {
        if (o->simulate->parsed()) return Simulate(*o);
        if (c->calibrate->parsed()) return Calibration(*c);
        return std::nullopt;
    };
}

}  // namespace passeur::assessment
