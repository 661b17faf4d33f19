#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <queue>
#include <tuple>
#include <utility>

#include <places/geo/spatial_index.hpp>

#include <nanoflann.hpp>

namespace passeur::places::geo {

namespace {

// Squared chords computed from unit vectors and great-circle distances computed by haversine
// agree in order only up to rounding (~1e-16 absolute on each vector component). Every bound in
// chord space is widened by this margin so that no point the brute force would return is pruned;
// the final ranking is always by haversine.
double Widen(double chord_squared) { return chord_squared * (1.0 + 1e-9) + 1e-15; }

struct Candidate {
    double distance_km;
    std::uint64_t id;
    std::uint32_t position;
};

bool CandidateLess(const Candidate& a, const Candidate& b) {
    return std::tie(a.distance_km, a.id, a.position) < std::tie(b.distance_km, b.id, b.position);
}

std::vector<Neighbor> ToNeighbors(std::vector<Candidate>& candidates, std::size_t k) {
    if (candidates.size() > k) {
        std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k),
                          candidates.end(), CandidateLess);
        candidates.resize(k);
    } else {
        std::sort(candidates.begin(), candidates.end(), CandidateLess);
    }
    std::vector<Neighbor> out;
    out.reserve(candidates.size());
    for (const auto& c : candidates) out.push_back({c.id, c.distance_km});
    return out;
}

// The indexed points and their unit vectors, in the shape nanoflann's dataset adaptor expects.
struct IndexData {
    std::vector<IndexedPoint> points;
    std::vector<std::array<double, 3>> vectors;

    std::size_t kdtree_get_point_count() const { return vectors.size(); }
    double kdtree_get_pt(std::uint32_t index, std::size_t dim) const { return vectors[index][dim]; }
    template <class BBox>
    bool kdtree_get_bbox(BBox&) const {
        return false;
    }

    bool Accepts(const PointFilter& filter, std::uint32_t index) const {
        return !filter || filter(points[index].id);
    }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, IndexData>, IndexData,
                                                 3, std::uint32_t>;

// k nearest in chord space, keeping every point within the widened k-th distance (ties and
// rounding near the boundary are settled by the final haversine ranking).
class KnnCandidates {
public:
    using DistanceType = double;
    using IndexType = std::uint32_t;

    KnnCandidates(const IndexData& impl, const PointFilter& filter, std::size_t k)
        : impl_(impl), filter_(filter), k_(k) {}

    std::size_t size() const { return kept_.size(); }
    bool full() const { return best_.size() == k_; }
    double worstDist() const { return bound_; }

    bool addPoint(double chord_squared, std::uint32_t index) {
        if (chord_squared > bound_ || !impl_.Accepts(filter_, index)) return true;
        kept_.emplace_back(index, chord_squared);
        best_.push(chord_squared);
        if (best_.size() > k_) best_.pop();
        if (best_.size() == k_) bound_ = Widen(best_.top());
        return true;
    }

    const std::vector<std::pair<std::uint32_t, double>>& kept() const { return kept_; }

private:
    const IndexData& impl_;
    const PointFilter& filter_;
    std::size_t k_;
    std::priority_queue<double> best_;  // the k smallest squared chords seen, largest on top
    std::vector<std::pair<std::uint32_t, double>> kept_;
    double bound_ = std::numeric_limits<double>::max();
};

class RadiusCandidates {
public:
    using DistanceType = double;
    using IndexType = std::uint32_t;

    RadiusCandidates(const IndexData& impl, const PointFilter& filter, double bound)
        : impl_(impl), filter_(filter), bound_(bound) {}

    std::size_t size() const { return kept_.size(); }
    bool full() const { return true; }
    double worstDist() const { return bound_; }

    bool addPoint(double chord_squared, std::uint32_t index) {
        if (chord_squared <= bound_ && impl_.Accepts(filter_, index)) kept_.push_back(index);
        return true;
    }

    const std::vector<std::uint32_t>& kept() const { return kept_; }

private:
    const IndexData& impl_;
    const PointFilter& filter_;
    double bound_;
    std::vector<std::uint32_t> kept_;
};

}  // namespace

struct SpatialIndex::Impl : IndexData {
    std::unique_ptr<Tree> tree;
};

SpatialIndex::SpatialIndex() : SpatialIndex(std::vector<IndexedPoint>{}) {}

SpatialIndex::SpatialIndex(std::vector<IndexedPoint> points) : impl_(std::make_unique<Impl>()) {
    assert(points.size() < std::numeric_limits<std::uint32_t>::max());
    impl_->points = std::move(points);
    impl_->vectors.reserve(impl_->points.size());
    for (const auto& p : impl_->points) {
        assert(IsValidLatLon(p.position));
        impl_->vectors.push_back(ToUnitVector(p.position));
    }
    impl_->tree = std::make_unique<Tree>(3, static_cast<const IndexData&>(*impl_),
                                         nanoflann::KDTreeSingleIndexAdaptorParams(16));
}

SpatialIndex::~SpatialIndex() = default;
SpatialIndex::SpatialIndex(SpatialIndex&&) noexcept = default;
SpatialIndex& SpatialIndex::operator=(SpatialIndex&&) noexcept = default;

std::size_t SpatialIndex::size() const { return impl_->points.size(); }
const std::vector<IndexedPoint>& SpatialIndex::points() const { return impl_->points; }

std::vector<Neighbor> SpatialIndex::Nearest(LatLon from, std::size_t k, const PointFilter& filter) const {
    if (k == 0 || impl_->points.empty() || !IsValidLatLon(from)) return {};
    const auto query = ToUnitVector(from);
    KnnCandidates result(*impl_, filter, k);
    impl_->tree->findNeighbors(result, query.data(), nanoflann::SearchParams());
    const double bound = result.worstDist();
    std::vector<Candidate> candidates;
    candidates.reserve(result.kept().size());
    for (const auto& [index, chord_squared] : result.kept()) {
        if (chord_squared > bound) continue;
        const auto& p = impl_->points[index];
        candidates.push_back({HaversineKm(from, p.position), p.id, index});
    }
    return ToNeighbors(candidates, k);
}

std::vector<Neighbor> SpatialIndex::WithinKm(LatLon from, double radius_km, const PointFilter& filter) const {
    if (!(radius_km >= 0.0) || impl_->points.empty() || !IsValidLatLon(from)) return {};
    const auto query = ToUnitVector(from);
    const double chord = ChordOfKm(radius_km);
    RadiusCandidates result(*impl_, filter, Widen(chord * chord));
    impl_->tree->findNeighbors(result, query.data(), nanoflann::SearchParams());
    std::vector<Candidate> candidates;
    for (const auto index : result.kept()) {
        const auto& p = impl_->points[index];
        const double d = HaversineKm(from, p.position);
        if (d <= radius_km) candidates.push_back({d, p.id, index});
    }
    return ToNeighbors(candidates, candidates.size());
}

std::vector<Neighbor> BruteForceNearest(const std::vector<IndexedPoint>& points, LatLon from, std::size_t k,
                                        const PointFilter& filter) {
    if (k == 0 || !IsValidLatLon(from)) return {};
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (filter && !filter(points[i].id)) continue;
        candidates.push_back(
            {HaversineKm(from, points[i].position), points[i].id, static_cast<std::uint32_t>(i)});
    }
    return ToNeighbors(candidates, k);
}

std::vector<Neighbor> BruteForceWithinKm(const std::vector<IndexedPoint>& points, LatLon from,
                                         double radius_km, const PointFilter& filter) {
    if (!(radius_km >= 0.0) || !IsValidLatLon(from)) return {};
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (filter && !filter(points[i].id)) continue;
        const double d = HaversineKm(from, points[i].position);
        if (d <= radius_km) candidates.push_back({d, points[i].id, static_cast<std::uint32_t>(i)});
    }
    return ToNeighbors(candidates, candidates.size());
}

}  // namespace passeur::places::geo
