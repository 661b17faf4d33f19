// Orientation and zones blanches at the scale of France: every commune against 20,000 places
// spread at random over metropolitan France's bounding box (issue goal: under 200 ms on one core).
//
// Communes: the real ones with coordinates from data/geo (≈ 14,700 of 34,875), and a synthetic
// 35,000 with coordinates (what a complete coordinates file gives).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include <benchmark/benchmark.h>

#include <places/geo/spatial_index.hpp>
#include <places/geo/territory_loader.hpp>
#include <places/geo/white_zones.hpp>

namespace passeur::places::geo {
namespace {

constexpr std::size_t kPlaces = 20'000;
constexpr std::size_t kSyntheticCommunes = 35'000;
constexpr std::size_t kBruteForceSample = 250;

std::vector<IndexedPoint> RandomFrance(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lat(41.3, 51.1), lon(-5.2, 9.6);
    std::vector<IndexedPoint> points;
    points.reserve(n);
    for (std::size_t i = 0; i < n; ++i) points.push_back({i, {lat(rng), lon(rng)}});
    return points;
}

const std::vector<IndexedPoint>& Places() {
    static const auto* places = new std::vector<IndexedPoint>(RandomFrance(kPlaces, 1));
    return *places;
}

const SpatialIndex& PlaceIndex() {
    static const auto* index = new SpatialIndex(Places());
    return *index;
}

const Territory& RealTerritory() {
    static const auto* territory = [] {
        auto t = LoadTerritory(PASSEUR_GEO_BENCH_DATA_DIR);
        if (!t) {
            std::fprintf(stderr, "cannot load data/geo: %s\n", t.error().message.c_str());
            std::abort();
        }
        return new Territory(std::move(*t));
    }();
    return *territory;
}

// Communes with coordinates, as query points.
const std::vector<LatLon>& CommunePoints(bool synthetic) {
    static const auto* real = [] {
        auto* out = new std::vector<LatLon>();
        for (const auto& c : RealTerritory().communes()) {
            if (c.position) out->push_back(*c.position);
        }
        return out;
    }();
    static const auto* fake = [] {
        auto* out = new std::vector<LatLon>();
        for (const auto& p : RandomFrance(kSyntheticCommunes, 2)) out->push_back(p.position);
        return out;
    }();
    return synthetic ? *fake : *real;
}

const std::vector<Commune>& SyntheticCommunes() {
    static const auto* communes = [] {
        auto* out = new std::vector<Commune>();
        std::mt19937_64 rng(3);
        std::uniform_int_distribution<std::int64_t> pop(50, 4000);
        std::size_t i = 0;
        for (const auto& p : CommunePoints(true)) {
            Commune c;
            c.insee = std::to_string(10000 + i++);
            c.name = c.insee;
            c.department = c.insee.substr(0, 2);
            c.population = pop(rng);
            c.position = p;
            out->push_back(std::move(c));
        }
        return out;
    }();
    return *communes;
}

void BM_BuildPlaceIndex(benchmark::State& state) {
    for (auto _ : state) {
        SpatialIndex index(Places());
        benchmark::DoNotOptimize(index.size());
    }
    state.counters["places"] = static_cast<double>(Places().size());
}
BENCHMARK(BM_BuildPlaceIndex)->Unit(benchmark::kMillisecond);

// Nearest place for every commune (k-d tree). Arg: 0 = real communes with coordinates,
// 1 = synthetic 35,000.
void BM_NearestAllCommunesKdTree(benchmark::State& state) {
    const auto& communes = CommunePoints(state.range(0) == 1);
    const auto& index = PlaceIndex();
    for (auto _ : state) {
        double sum = 0;
        for (const auto& p : communes) sum += index.Nearest(p, 1).front().distance_km;
        benchmark::DoNotOptimize(sum);
    }
    state.counters["communes"] = static_cast<double>(communes.size());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(communes.size()));
}
BENCHMARK(BM_NearestAllCommunesKdTree)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Brute force on a sample of communes (the whole set takes seconds): compare items_per_second,
// or the extrapolated `time_for_all` counter, with the k-d tree.
void BM_NearestSampleBruteForce(benchmark::State& state) {
    const auto& all = CommunePoints(state.range(0) == 1);
    const std::vector<LatLon> sample(all.begin(), all.begin() + kBruteForceSample);
    const auto& places = Places();
    for (auto _ : state) {
        double sum = 0;
        for (const auto& p : sample) sum += BruteForceNearest(places, p, 1).front().distance_km;
        benchmark::DoNotOptimize(sum);
    }
    state.counters["communes"] = static_cast<double>(sample.size());
    // Time one iteration would take for every commune (shown in seconds).
    state.counters["time_for_all"] =
        benchmark::Counter(static_cast<double>(sample.size()) / static_cast<double>(all.size()),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(sample.size()));
}
BENCHMARK(BM_NearestSampleBruteForce)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The tightest brute force: a plain loop keeping the minimum haversine distance (no ranking,
// no ties), same sample.
void BM_NearestSampleMinLoop(benchmark::State& state) {
    const auto& all = CommunePoints(state.range(0) == 1);
    const std::vector<LatLon> sample(all.begin(), all.begin() + kBruteForceSample);
    const auto& places = Places();
    for (auto _ : state) {
        double sum = 0;
        for (const auto& p : sample) {
            double best = 1e300;
            for (const auto& q : places) best = std::min(best, HaversineKm(p, q.position));
            sum += best;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.counters["communes"] = static_cast<double>(sample.size());
    state.counters["time_for_all"] =
        benchmark::Counter(static_cast<double>(sample.size()) / static_cast<double>(all.size()),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(sample.size()));
}
BENCHMARK(BM_NearestSampleMinLoop)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Zones blanches for the whole country (default thresholds 5/10/15 km, 5 greedy sites at 10 km),
// index of the places included. Arg: 0 = real communes (all 34,875, with coordinates or not),
// 1 = synthetic 35,000.
void BM_WhiteZonesFrance(benchmark::State& state) {
    std::vector<const Commune*> communes;
    if (state.range(0) == 1) {
        for (const auto& c : SyntheticCommunes()) communes.push_back(&c);
    } else {
        for (const auto& c : RealTerritory().communes()) communes.push_back(&c);
    }
    const auto& places = Places();
    std::int64_t beyond = 0;
    for (auto _ : state) {
        const SpatialIndex index(places);
        auto report = ComputeWhiteZones(communes, index, {});
        if (!report) state.SkipWithError(report.error().message.c_str());
        beyond = report->thresholds[1].population_beyond;
        benchmark::DoNotOptimize(beyond);
    }
    state.counters["communes"] = static_cast<double>(communes.size());
    state.counters["population_beyond_10km"] = static_cast<double>(beyond);
}
BENCHMARK(BM_WhiteZonesFrance)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace passeur::places::geo

BENCHMARK_MAIN();
