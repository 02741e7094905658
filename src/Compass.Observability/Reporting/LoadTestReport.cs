using System.Collections.Immutable;
using Compass.Observability.LoadTesting;

namespace Compass.Observability.Reporting;

/// <summary>The result of a load test: its options and one <see cref="BenchmarkResult"/> per benchmark. Write it with <see cref="GuideLlmReport"/>.</summary>
/// <param name="Options">What was run.</param>
/// <param name="Benchmarks">The benchmarks, in the order run.</param>
public sealed record LoadTestReport(LoadTestOptions Options, ImmutableArray<BenchmarkResult> Benchmarks);
