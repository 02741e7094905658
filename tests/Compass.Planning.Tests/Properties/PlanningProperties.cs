using Compass.Core;
using Compass.Planning.Capacity;
using Compass.Planning.Cost;
using Compass.Planning.Memory;
using Compass.Planning.Specification;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Planning.Tests.Properties;

/// <summary>The planner's laws, as properties over generated workloads.</summary>
public sealed class PlanningProperties
{
    private static readonly Candidate[] BenchmarkedCandidates = [.. TestCatalog.Catalog.Benchmarks
        .Select(b => (b.Model, b.Quantization, b.Gpu, b.TensorParallel)).Distinct()
        .Select(k =>
        {
            var model = TestCatalog.Catalog.GetModel(k.Model)!;
            return new Candidate(model, model.FindFormat(k.Quantization)!, TestCatalog.Catalog.GetGpu(k.Gpu)!, k.TensorParallel);
        })];

    private static Arbitrary<UseCase> UseCases => Gen.Elements(UseCase.WellKnown.ToArray()).ToArbitrary();

    private static Arbitrary<double> Rates => Gen.Choose(1, 4000).Select(i => i / 100.0).ToArbitrary();

    private static Plan PlanFor(UseCase useCase, double qps, PlanOverrides? overrides = null)
        => TestCatalog.Plan(TestCatalog.Request(useCase, qps: qps, overrides: overrides));

    private static double? CheapestCost(Plan plan) => plan.Recommendations.IsEmpty ? null : plan.Recommendations.Min(r => r.MonthlyCostUsd);

    [Property(MaxTest = 40)]
    public Property MoreQps_NeverNeedsFewerGpus()
        => Prop.ForAll(UseCases, Rates, Rates, (useCase, a, b) =>
        {
            var (low, high) = a <= b ? (a, b) : (b, a);
            var specLow = TestCatalog.Request(useCase, qps: low).Specification;
            var specHigh = TestCatalog.Request(useCase, qps: high).Specification;
            foreach (var candidate in BenchmarkedCandidates)
            {
                var tokens = specLow.Traffic.PromptTokens.P95 + specLow.Traffic.OutputTokens.P95;
                var memory = MemoryModel.Compute(candidate.Model, candidate.Format.Quantization, candidate.Gpu, candidate.TensorParallel, tokens);
                if (!memory.Fits)
                {
                    continue;
                }

                var l = ReplicaPlanner.Size(candidate, memory, specLow, TestCatalog.Benchmarks);
                var h = ReplicaPlanner.Size(candidate, memory, specHigh, TestCatalog.Benchmarks);
                if (h.IsFeasible && (!l.IsFeasible || l.Replicas > h.Replicas))
                {
                    return false.Label($"{candidate}: {l.Replicas} replicas at {low} req/s but {h.Replicas} at {high}");
                }
            }

            // And the cheapest plan never gets cheaper.
            var cheapLow = CheapestCost(PlanFor(useCase, low));
            var cheapHigh = CheapestCost(PlanFor(useCase, high));
            return (cheapHigh is null || (cheapLow is not null && cheapLow <= cheapHigh + 1e-6))
                .Label($"cheapest ${cheapLow} at {low} req/s vs ${cheapHigh} at {high}");
        });

    [Property(MaxTest = 30)]
    public Property TighterSlo_NeverYieldsACheaperPlan()
        => Prop.ForAll(UseCases, Rates, Gen.Choose(20, 100).Select(i => i / 100.0).ToArbitrary(), (useCase, qps, factor) =>
        {
            var loose = TestCatalog.Request(useCase, qps: qps).Specification.Slo;
            var tight = new PlanOverrides { TtftMs = loose.TtftMs * factor, ItlMs = loose.ItlMs * factor, E2eMs = loose.E2eMs * factor };
            var cheapLoose = CheapestCost(PlanFor(useCase, qps));
            var cheapTight = CheapestCost(PlanFor(useCase, qps, tight));
            return (cheapTight is null || (cheapLoose is not null && cheapLoose <= cheapTight + 1e-6))
                .Label($"loose ${cheapLoose}, tight (× {factor}) ${cheapTight}");
        });

    [Property(MaxTest = 40)]
    public Property EveryRecommendation_MeetsItsSlosByItsOwnPrediction_AndFits()
        => Prop.ForAll(UseCases, Rates, Gen.Elements(Priority.Low, Priority.Medium, Priority.High).ToArbitrary(), (useCase, qps, latency) =>
        {
            var plan = TestCatalog.Plan(TestCatalog.Request(useCase, qps: qps, latency: latency));
            return plan.Recommendations.All(r =>
                r.MeetsSlo && r.Predicted.Meets(plan.Slo) && r.Memory.Fits && r.Memory.WeightsGiB < r.Memory.UsableGiB
                && r.Replicas * r.Predicted.MaxRequestRate >= plan.Traffic.PeakQps - 1e-9);
        });

    [Property(MaxTest = 200)]
    public Property Interpolation_StaysWithinItsNeighbours()
    {
        var sweeps = TestCatalog.Catalog.Benchmarks
            .GroupBy(b => (b.Model, b.Quantization, b.Gpu, b.TensorParallel, b.PromptTokens, b.OutputTokens))
            .Select(g => g.OrderBy(p => p.RequestRate).TakeWhile(p => p.IsStable).ToArray())
            .Where(s => s.Length >= 2)
            .ToArray();
        var gen = from sweep in Gen.Elements(sweeps)
                  from i in Gen.Choose(0, sweep.Length - 2)
                  from t in Gen.Choose(0, 100)
                  select (sweep, i, t / 100.0);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (sweep, i, t) = x;
            var rate = sweep[i].RequestRate + (t * (sweep[i + 1].RequestRate - sweep[i].RequestRate));
            var first = sweep[0];
            var model = TestCatalog.Catalog.GetModel(first.Model)!;
            var prediction = TestCatalog.Benchmarks.Predict(new PerformanceQuery
            {
                Model = model,
                Quantization = first.Quantization,
                Gpu = TestCatalog.Catalog.GetGpu(first.Gpu)!,
                TensorParallel = first.TensorParallel,
                PromptTokens = TokenDistribution.Fixed(first.PromptTokens),
                OutputTokens = TokenDistribution.Fixed(first.OutputTokens),
                RequestRate = rate,
            }).Prediction!;
            var low = sweep.Take(i + 1).Max(p => p.E2e.P95);
            var high = sweep.Take(i + 2).Max(p => p.E2e.P95);
            return (prediction.E2eMs >= low - 1e-9 && prediction.E2eMs <= high + 1e-9).Label($"{prediction.E2eMs} not in [{low}, {high}]");
        });
    }

    [Property(MaxTest = 300)]
    public Property Cost_IsLinearInGpusAndHours()
        => Prop.ForAll(Gen.Elements(TestCatalog.Catalog.Gpus.ToArray()).ToArbitrary(), Gen.Choose(1, 64).Zip(Gen.Choose(1, 744)).ToArbitrary(),
            Gen.Elements(DeploymentModel.Cloud, DeploymentModel.Owned, DeploymentModel.Purchase).ToArbitrary(),
            (gpu, size, deployment) =>
            {
                var (gpus, hours) = size;
                var traffic = TestCatalog.Request(UseCase.ChatbotConversational, qps: 1).Specification.Traffic;
                var c = new PlanningConstraints { DeploymentModel = deployment, Costs = new CostAssumptions { HoursPerMonth = hours } };
                var one = CostModel.Estimate(gpu, 1, traffic, c, out _);
                var many = CostModel.Estimate(gpu, gpus, traffic, c, out _);
                var doubled = CostModel.Estimate(gpu, gpus, traffic, c with { Costs = c.Costs with { HoursPerMonth = hours * 2 } }, out _);
                if (one is null)
                {
                    return many is null;
                }

                var linearInGpus = Math.Abs(many!.MonthlyUsd - (gpus * one.MonthlyUsd)) <= 1e-6 * many.MonthlyUsd;
                var hourly = many.HourlyUsd * hours;
                var linearInHours = deployment == DeploymentModel.Purchase
                    ? Math.Abs((doubled!.MonthlyUsd - many.MonthlyUsd) - (many.PowerMonthlyUsd!.Value)) <= 1e-6 * many.MonthlyUsd
                    : Math.Abs(doubled!.MonthlyUsd - (2 * many.MonthlyUsd)) <= 1e-6 * many.MonthlyUsd && Math.Abs(hourly - many.MonthlyUsd) <= 1e-6 * many.MonthlyUsd;
                return linearInGpus && linearInHours;
            });
}
