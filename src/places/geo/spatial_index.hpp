// Nearest-point and radius queries on the sphere.
//
// SpatialIndex is a k-d tree (nanoflann) over the points' 3D unit vectors: the chord between two
// unit vectors grows strictly with their great-circle distance, so the tree prunes in chord
// space, and every candidate it keeps is then ranked by HaversineKm. Results are exactly those of
// the brute-force functions below (same ids, same distances to the bit, same order): ordered by
// distance, ties broken by id, then by insertion position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <places/geo/geo_point.hpp>

namespace passeur::places::geo {

// A point to index; `id` is the caller's (e.g. an index into its own vector of places) and need
// not be unique. The position must satisfy IsValidLatLon (asserted).
struct IndexedPoint {
    std::uint64_t id = 0;
    LatLon position;
};

struct Neighbor {
    std::uint64_t id = 0;
    double distance_km = 0.0;
    friend bool operator==(const Neighbor&, const Neighbor&) = default;
};

// A caller's predicate on point ids ("offers service S and is open on Saturday"); an empty
// function accepts every point. Called at most once per point and query, on the caller's thread.
using PointFilter = std::function<bool(std::uint64_t id)>;

// Immutable after construction; const queries are thread-safe. Movable, not copyable.
class SpatialIndex {
public:
    SpatialIndex();
    explicit SpatialIndex(std::vector<IndexedPoint> points);
    ~SpatialIndex();
    SpatialIndex(SpatialIndex&&) noexcept;
    SpatialIndex& operator=(SpatialIndex&&) noexcept;
    SpatialIndex(const SpatialIndex&) = delete;
    SpatialIndex& operator=(const SpatialIndex&) = delete;

    // The k points accepted by `filter` nearest to `from` (fewer when fewer are accepted).
    std::vector<Neighbor> Nearest(LatLon from, std::size_t k, const PointFilter& filter = {}) const;

    // Every point accepted by `filter` whose distance to `from` is ≤ radius_km.
    std::vector<Neighbor> WithinKm(LatLon from, double radius_km, const PointFilter& filter = {}) const;

    std::size_t size() const;
    const std::vector<IndexedPoint>& points() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reference implementations (O(n) per query), for tests and benchmarks; same contract as above.
std::vector<Neighbor> BruteForceNearest(const std::vector<IndexedPoint>& points, LatLon from, std::size_t k,
                                        const PointFilter& filter = {});
std::vector<Neighbor> BruteForceWithinKm(const std::vector<IndexedPoint>& points, LatLon from,
                                         double radius_km, const PointFilter& filter = {});

}  // namespace passeur::places::geo
