using Compass.Core;
using Compass.Planning.Simulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

/// <summary>The simulator's laws, over generated workloads and deployments.</summary>
public sealed class SimulationProperties
{
    /// <summary>A small random scenario: a workload and a deployment, some with tight KV caches and limits.</summary>
    public sealed record Scenario(WorkloadSpec Spec, int Seed, SimulationOptions Options)
    {
        public override string ToString()
            => $"rate {Spec.RatePerSecond}, {Spec.Requests} requests, prompts {Spec.PromptTokens}, outputs {Spec.OutputTokens}, seed {Seed}, "
                + $"kv {Options.Profile.KvCacheTokens}, seqs {Options.Profile.Limits.MaxNumSeqs}, tokens {Options.Profile.Limits.MaxNumBatchedTokens}, "
                + $"replicas {Options.Replicas} {Options.Router}";
    }

    private static Arbitrary<Scenario> Scenarios =>
        (from rate in Gen.Choose(1, 400)
         from requests in Gen.Choose(1, 150)
         from prompt in Gen.Choose(1, 3000)
         from output in Gen.Choose(1, 400)
         from seed in Gen.Choose(0, 1_000_000)
         from kvBlocks in Gen.Choose(8, 4000)
         from seqs in Gen.Choose(1, 64)
         from tokens in Gen.Choose(16, 4096)
         from blockSize in Gen.Elements(1, 16, 32)
         from replicas in Gen.Choose(1, 3)
         from router in Gen.Elements(RouterPolicy.RoundRobin, RouterPolicy.LeastLoaded)
         from overhead in Gen.Choose(0, 20)
         select new Scenario(
             new WorkloadSpec
             {
                 RatePerSecond = rate / 10.0,
                 PromptTokens = TokenDistribution.LogNormal(prompt, prompt / 3.0),
                 OutputTokens = TokenDistribution.Normal(output, output / 2.0),
                 Requests = requests,
             },
             seed,
             Options(
                 Profile(kvTokens: (long)kvBlocks * blockSize, maxSeqs: seqs, maxTokens: tokens, blockSize: blockSize,
                     requestOverheadMs: overhead, tokenOverheadMs: overhead / 10.0),
                 replicas,
                 router))).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property Simulation_ConservesRequestsAndTokens()
        => Prop.ForAll(Scenarios, scenario =>
        {
            var workload = Workload.Generate(scenario.Spec, scenario.Seed);
            var result = ServingSimulator.Run(workload, scenario.Options);
            var requests = result.Requests;
            return (requests.Length == workload.Count
                    && result.Completed + result.Rejected == workload.Count
                    && requests.Select(r => r.Index).SequenceEqual(Enumerable.Range(0, workload.Count))
                    && requests.All(r => r.Outcome == RequestOutcome.Completed
                        ? r.EmittedTokens == r.OutputTokens && r.Replica >= 0 && r.E2eMs >= r.TtftMs && r.TtftMs > 0 && r.QueueMs >= 0
                        : r.EmittedTokens == 0)
                    && requests.Where(r => r.Outcome == RequestOutcome.Completed).Sum(r => (long)r.EmittedTokens)
                        == workload.Requests.Where((_, i) => requests[i].Outcome == RequestOutcome.Completed).Sum(r => (long)r.OutputTokens)
                    && result.TokenGaps.Count == requests.Where(r => r.Outcome == RequestOutcome.Completed).Sum(r => (long)r.OutputTokens - 1)
                    && result.KvUtilizationPeak <= 1 && result.KvUtilizationMean <= result.KvUtilizationPeak + 1e-12)
                .Label($"completed {result.Completed}, rejected {result.Rejected}, gaps {result.TokenGaps.Count}");
        });

    [Property(MaxTest = 100)]
    public Property Percentiles_AreOrdered()
        => Prop.ForAll(Scenarios, scenario =>
        {
            var result = ServingSimulator.Run(scenario.Spec, scenario.Seed, scenario.Options);
            return new[] { result.Ttft, result.Itl, result.TokenGaps, result.E2e, result.Queue }
                .All(s => s.Count == 0 || (s.Min <= s.P50 && s.P50 <= s.P90 && s.P90 <= s.P95 && s.P95 <= s.P99 && s.P99 <= s.Max
                    && s.Min <= s.Mean + 1e-9 && s.Mean <= s.Max + 1e-9));
        });

    [Property(MaxTest = 100)]
    public Property LittlesLaw_HoldsOnTheSimulatedOutput()
        => Prop.ForAll(Scenarios, scenario =>
        {
            // In-system is integrated by the event loop; E2E comes from per-request bookkeeping. Without per-token output
            // overhead (which the engine does not wait for) they must agree: L = λ × W.
            var options = scenario.Options with { Profile = scenario.Options.Profile with { OutputTokenOverheadMs = 0 } };
            var result = ServingSimulator.Run(scenario.Spec, scenario.Seed, options);
            var littles = result.RequestsPerSecond * result.E2e.Mean / 1000;
            return (result.Measured == 0 || Math.Abs(result.MeanRequestsInSystem - littles) <= 1e-6 * Math.Max(1, littles))
                .Label($"L = {result.MeanRequestsInSystem}, λW = {littles}");
        });

    [Property(MaxTest = 50)]
    public Property NearZeroLoad_TtftIsOverheadPlusThePrefillStep()
        => Prop.ForAll(
            Gen.Choose(1, 8000).ToArbitrary(),
            Gen.Choose(0, 50).ToArbitrary(),
            Gen.Choose(1, 100).ToArbitrary(),
            (prompt, overhead, beta0) =>
            {
                var model = new LinearStepModel(beta0, 0.03, 0.1);
                var profile = Profile(model, requestOverheadMs: overhead, tokenOverheadMs: 0.5);
                // Evenly spaced, 1000 s apart: no request ever meets another (Poisson gaps would, once in a while).
                var spec = new WorkloadSpec
                {
                    RatePerSecond = 0.001,
                    Arrivals = ArrivalPattern.Constant,
                    PromptTokens = TokenDistribution.Fixed(prompt),
                    OutputTokens = TokenDistribution.Fixed(4),
                    Requests = 20,
                };
                var result = ServingSimulator.Run(spec, prompt, Options(profile));
                var expected = overhead + model.PrefillMs(prompt) + 0.5;
                return (Math.Abs(result.Ttft.Mean - expected) < 1e-6 && Math.Abs(result.Ttft.Max - expected) < 1e-6 && result.Queue.Max == 0)
                    .Label($"TTFT mean {result.Ttft.Mean}, max {result.Ttft.Max}, expected {expected}");
            });

    [Property(MaxTest = 40)]
    public Property MoreLoad_NeverLowersMeanE2e()
        => Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(), Gen.Choose(2, 40).ToArbitrary(), (seed, low, factorTenths) =>
        {
            // The same seed draws the same lengths and unit gaps at every rate, so the busier run is the same traffic
            // compressed in time; allow 2 % for chance alignment of arrivals with step boundaries.
            var lowRate = low;
            var highRate = low * (1 + (factorTenths / 10.0));
            var quiet = ServingSimulator.Run(Chatbot(lowRate, 300), seed, Options(Profile()));
            var busy = ServingSimulator.Run(Chatbot(highRate, 300), seed, Options(Profile()));
            return (busy.E2e.Mean >= quiet.E2e.Mean * 0.98)
                .Label($"E2E mean {quiet.E2e.Mean:0.0} ms at {lowRate} req/s but {busy.E2e.Mean:0.0} ms at {highRate:0.0} req/s");
        });

    [Property(MaxTest = 30)]
    public Property SameSeed_SameResult()
        => Prop.ForAll(Scenarios, scenario =>
        {
            var a = ServingSimulator.Run(scenario.Spec, scenario.Seed, scenario.Options);
            var b = ServingSimulator.Run(scenario.Spec, scenario.Seed, scenario.Options);
            return a.Requests.SequenceEqual(b.Requests) && (a with { Requests = b.Requests }) == b;
        });
}
