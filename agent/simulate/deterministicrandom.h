// SplitMix64: a tiny, portable, seedable mixer so injected errors and embeddings repeat exactly for a seed.
#pragma once

#include <QtGlobal>

namespace crosslogic::sim {

inline quint64 splitmix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Uniform in [0, 1) from 53 bits of a mixed value.
inline double unitInterval(quint64 mixed)
{
    return double(mixed >> 11) / double(1ULL << 53);
}

} // namespace crosslogic::sim
