// The messages the benchmarks translate, filled the same way wherever they are measured (record
// codecs, JSON reading), so their figures describe the same data.
#ifndef DRAGOMAN_BENCH_COMMON_SAMPLE_RECORDS_H_
#define DRAGOMAN_BENCH_COMMON_SAMPLE_RECORDS_H_

#include "bench_records.pb.h"
#include "bench_test1.pb.h"

namespace dragoman::bench {

// Cobrix test1's record with `accounts` account entries (80 fills it: 2202 bytes).
::bench::cobrix::Record Test1Record(int accounts);

// The test copybook service's reply with a value in every usage (binary, COMP-5, packed up to
// 20 digits, zoned, floats, P-scaling, national, edited, fixed and variable tables).
::bench::records::CustomerReply EveryUsageReply();

}  // namespace dragoman::bench

#endif  // DRAGOMAN_BENCH_COMMON_SAMPLE_RECORDS_H_
