using Compass.Core;
using Compass.Planning.Simulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

/// <summary>The laws of the closed loop (N users, each sending when its previous request finished), over generated deployments.</summary>
public sealed class ClosedLoopProperties
{
    /// <summary>A closed loop and a deployment, some with tight KV caches, few sequences and several replicas.</summary>
    public sealed record Scenario(ClosedLoopSpec Spec, int Seed, SimulationOptions Options)
    {
        public override string ToString()
            => $"{Spec.Concurrency} users, {Spec.Requests} requests, think {Spec.ThinkTime}, ramp {Spec.RampUpSeconds} s, prompts {Spec.PromptTokens}, "
                + $"outputs {Spec.OutputTokens}, seed {Seed}, kv {Options.Profile.KvCacheTokens}, seqs {Options.Profile.Limits.MaxNumSeqs}, "
                + $"tokens {Options.Profile.Limits.MaxNumBatchedTokens}, overheads {Options.Profile.RequestOverheadMs}/{Options.Profile.OutputTokenOverheadMs}, "
                + $"replicas {Options.Replicas} {Options.Router}";
    }

    private static Gen<Scenario> Scenarios(Gen<ThinkTime> thinkTimes, Gen<int> users, int requestsPerUser, bool roomy) =>
        from n in users
        from think in thinkTimes
        from ramp in Gen.Elements(0.0, 0.0, 0.5, 3)
        from prompt in Gen.Choose(1, 2000)
        from output in Gen.Choose(1, 300)
        from seed in Gen.Choose(0, 1_000_000)
        from kvBlocks in roomy ? Gen.Constant(100_000) : Gen.Choose(8, 3000)
        from seqs in Gen.Choose(1, 48)
        from tokens in Gen.Choose(16, 4096)
        from blockSize in Gen.Elements(1, 16)
        from replicas in Gen.Choose(1, 3)
        from router in Gen.Elements(RouterPolicy.RoundRobin, RouterPolicy.LeastLoaded)
        from overhead in Gen.Choose(0, 10)
        select new Scenario(
            new ClosedLoopSpec
            {
                Concurrency = n,
                ThinkTime = think,
                RampUpSeconds = ramp,
                PromptTokens = TokenDistribution.LogNormal(prompt, prompt / 3.0),
                OutputTokens = TokenDistribution.Normal(output, output / 2.0),
                Requests = n * requestsPerUser,
            },
            seed,
            Options(
                Profile(kvTokens: (long)kvBlocks * blockSize, maxSeqs: seqs, maxTokens: tokens, blockSize: blockSize,
                    requestOverheadMs: overhead, tokenOverheadMs: overhead / 10.0),
                replicas,
                router));

    private static readonly Gen<ThinkTime> AnyThinkTime = Gen.Elements(
        ThinkTime.None, ThinkTime.Fixed(0.2), ThinkTime.Exponential(0.5), ThinkTime.Uniform(0, 1), ThinkTime.LogNormal(0.3, 0.3));

    [Property(MaxTest = 100)]
    public Property InFlight_NeverExceedsTheUsers_OverTheWholeCluster()
        => Prop.ForAll(Scenarios(AnyThinkTime, Gen.Choose(1, 24), 4, roomy: false).ToArbitrary(), scenario =>
        {
            var result = ServingSimulator.Run(scenario.Spec, scenario.Seed, scenario.Options);
            var n = scenario.Spec.Concurrency;

            // A user's next request never starts before its previous one ended, so at most N are in flight; the sweep checks it directly.
            var events = result.Requests.Where(r => r.Outcome == RequestOutcome.Completed)
                .SelectMany(r => new[] { (Ms: r.ArrivalMs, Delta: 1), (Ms: r.CompletionMs - 1e-6, Delta: -1) })
                .OrderBy(e => e.Ms).ThenBy(e => e.Delta);
            var inFlight = 0;
            var peak = 0;
            foreach (var e in events)
            {
                inFlight += e.Delta;
                peak = Math.Max(peak, inFlight);
            }

            return (peak <= n
                    && result.TotalRequests == scenario.Spec.Requests
                    && result.Requests.All(r => r.User >= 0 && r.User < n)
                    && result.Completed + result.Rejected == result.TotalRequests
                    && result.MeanRequestsInSystem <= n + 1e-9)
                .Label($"peak in flight {peak} of {n} users, {result.TotalRequests} requests");
        });

    [Property(MaxTest = 100)]
    public Property WithoutThinkTime_EachUsersNextArrival_IsItsPreviousCompletion()
        => Prop.ForAll(Scenarios(Gen.Constant(ThinkTime.None), Gen.Choose(1, 16), 5, roomy: false).ToArbitrary(), scenario =>
        {
            var result = ServingSimulator.Run(scenario.Spec with { RampUpSeconds = 0 }, scenario.Seed, scenario.Options);
            var bad = new List<string>();
            foreach (var user in result.Requests.GroupBy(r => r.User))
            {
                var sent = user.OrderBy(r => r.Index).ToArray();
                if (sent[0].ArrivalMs != 0)
                {
                    bad.Add($"user {user.Key} started at {sent[0].ArrivalMs}");
                }

                for (var i = 1; i < sent.Length; i++)
                {
                    var previousEnd = sent[i - 1].Outcome == RequestOutcome.Completed ? sent[i - 1].CompletionMs : sent[i - 1].ArrivalMs;
                    if (Math.Abs(sent[i].ArrivalMs - previousEnd) > 1e-9 * Math.Max(1, previousEnd))
                    {
                        bad.Add($"user {user.Key}: request {sent[i].Index} at {sent[i].ArrivalMs}, previous ended {previousEnd}");
                    }
                }
            }

            return (bad.Count == 0).Label(string.Join("; ", bad.Take(3)));
        });

    [Property(MaxTest = 60)]
    public Property Throughput_FollowsLittlesLaw()
        => Prop.ForAll(Scenarios(Gen.Elements(ThinkTime.None, ThinkTime.Fixed(0.5), ThinkTime.Exponential(1)), Gen.Choose(1, 12), 40, roomy: true).ToArbitrary(), scenario =>
        {
            var spec = scenario.Spec with { RampUpSeconds = 0 };
            var result = ServingSimulator.Run(spec, scenario.Seed, scenario.Options);

            // X = N / (E2E + Z): each user alternates one request (E2E) and one pause (Z), Z as drawn in this run.
            var pauses = result.Requests.GroupBy(r => r.User)
                .SelectMany(g => g.OrderBy(r => r.Index).Zip(g.OrderBy(r => r.Index).Skip(1), (a, b) => b.ArrivalMs - a.CompletionMs))
                .DefaultIfEmpty(0)
                .Average();
            var expected = spec.Concurrency / ((result.E2e.Mean + pauses) / 1000);
            var ratio = result.ArrivalRatePerSecond / expected;
            return (ratio is > 0.9 and < 1.1 && Math.Abs(result.ArrivalRatePerSecond - result.RequestsPerSecond) < 1e-9)
                .Label($"achieved {result.ArrivalRatePerSecond:0.###} req/s, Little's law {expected:0.###} (ratio {ratio:0.###})");
        });

    [Property(MaxTest = 100)]
    public Property OneUser_E2e_IsTheSumOfItsSteps()
        => Prop.ForAll(
            (from prompt in Gen.Choose(1, 5000)
             from output in Gen.Choose(1, 200)
             from tokens in Gen.Choose(16, 2048)
             from requestOverhead in Gen.Choose(0, 20)
             from seed in Gen.Choose(0, 1_000_000)
             select (prompt, output, tokens, requestOverhead, seed)).ToArbitrary(),
            x =>
            {
                var model = new RecordingStepModel(Model);
                var profile = Profile(model, kvTokens: 1_000_000, maxTokens: x.tokens, requestOverheadMs: x.requestOverhead, tokenOverheadMs: 0.5);
                var spec = new ClosedLoopSpec
                {
                    Concurrency = 1,
                    PromptTokens = TokenDistribution.LogNormal(x.prompt, x.prompt / 2.0),
                    OutputTokens = TokenDistribution.Normal(x.output, x.output / 3.0),
                    Requests = 8,
                };
                var result = ServingSimulator.Run(spec, x.seed, Options(profile));

                // Alone, a request runs ⌈P / budget⌉ prefill chunks (the last emits the first token), then O − 1 decodes.
                static double Steps(RequestMetrics r, int budget)
                    => ((r.PromptTokens + budget - 1) / budget * Model.Beta0) + (Model.Beta1 * r.PromptTokens) + ((r.OutputTokens - 1) * (Model.Beta0 + Model.Beta2));
                var all = model.Batches.Sum(b => Model.Predict(b).TotalMs);
                // Every step is longer than the 0.5 ms the API server spends per token, so it is idle for each token: the
                // last one reaches the client 0.5 ms after its step.
                var bad = result.Requests.Where(r => Math.Abs(r.E2eMs - (x.requestOverhead + Steps(r, x.tokens) + 0.5)) > 1e-6).ToArray();
                return (bad.Length == 0
                        && Math.Abs(result.Requests.Sum(r => r.E2eMs - x.requestOverhead - 0.5) - all) < 1e-6 * Math.Max(1, all)
                        && result.Preemptions == 0)
                    .Label($"{bad.Length} requests off, e.g. {bad.FirstOrDefault()}");
            });

    [Property(MaxTest = 50)]
    public Property SameSeed_SameRun()
        => Prop.ForAll(Scenarios(AnyThinkTime, Gen.Choose(1, 10), 4, roomy: false).ToArbitrary(), scenario =>
        {
            var a = ServingSimulator.Run(scenario.Spec, scenario.Seed, scenario.Options);
            var b = ServingSimulator.Run(scenario.Spec, scenario.Seed, scenario.Options);
            return a.Requests.SequenceEqual(b.Requests) && a.E2e == b.E2e && a.Steps == b.Steps && a.ArrivalRatePerSecond == b.ArrivalRatePerSecond;
        });
}
