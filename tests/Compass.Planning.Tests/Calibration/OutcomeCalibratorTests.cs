using Compass.Core;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;

namespace Compass.Planning.Tests.Calibration;

public sealed class OutcomeCalibratorTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    private static EngineCoefficients Current => EngineProfiles.CoefficientsFor(TestCatalog.Catalog, GpuType.H100);

    /// <summary>What H100s really do in these tests: 20% less bandwidth than the catalog's coefficients say.</summary>
    private static EngineCoefficients Truth => Current with
    {
        MemoryEfficiency = Current.MemoryEfficiency * 0.8,
        KvBandwidthEfficiency = Current.KvBandwidthEfficiency * 0.8,
    };

    /// <summary>Outcomes of three deployments (8B BF16 TP1, 8B BF16 TP2, 70B FP8 TP4), each measured at three rates, predicted with given coefficients.</summary>
    internal static List<MeasuredOutcome> Synthetic(EngineCoefficients truth, GpuType? gpu = null)
    {
        var configurations = new[]
        {
            (Model: ModelId.Llama31Instruct8B, Format: Quantization.Bf16, Tp: 1, Rates: new[] { 1.0, 4, 8 }),
            (Model: ModelId.Llama31Instruct8B, Format: Quantization.Bf16, Tp: 2, Rates: new[] { 2.0, 6, 12 }),
            (Model: ModelId.Llama33Instruct70B, Format: Quantization.Fp8, Tp: 4, Rates: new[] { 0.5, 2, 4 }),
        };
        var outcomes = new List<MeasuredOutcome>();
        foreach (var (model, format, tp, rates) in configurations)
        {
            foreach (var rate in rates)
            {
                var outcome = new MeasuredOutcome
                {
                    Id = $"{model.Value}-tp{tp}-{rate}",
                    Group = $"{model.Value}-tp{tp}",
                    Model = model,
                    Quantization = format,
                    Gpu = gpu ?? truth.Gpu,
                    TensorParallel = tp,
                    RequestRate = rate,
                    PromptTokens = 1000,
                    OutputTokens = 200,
                };
                var p = OutcomeCalibrator.Predict(TestCatalog.Catalog, truth, outcome, out var failure) ?? throw new InvalidOperationException(failure);
                outcomes.Add(outcome with { TtftP95Ms = p.TtftP95Ms, ItlP95Ms = p.ItlP95Ms, E2eP95Ms = p.E2eP95Ms, TtftMeanMs = p.TtftMeanMs, ItlMeanMs = p.ItlMeanMs });
            }
        }

        return outcomes;
    }

    [Fact]
    public void Calibrate_OutcomesOfSlowerBandwidth_RecoversItAndCutsTheHeldBackError()
    {
        var result = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, Synthetic(Truth), Today);

        Assert.True(result.ErrorBefore > 0.05, $"before {result.ErrorBefore:P1}");
        Assert.True(result.ErrorAfter < 0.02, $"after {result.ErrorAfter:P1}");
        Assert.True(result.Improved);
        Assert.Equal(9, result.Training.Length + result.HeldBack.Length);
        Assert.Equal(3, result.HeldBack.Length);
        Assert.InRange(result.After.MemoryEfficiency / Truth.MemoryEfficiency, 0.95, 1.05);
        Assert.True(result.After.Calibrated);
        Assert.StartsWith("serving refit: measured (outcome refit on 9 measured outcomes (3 held back: error ", result.After.EvidenceSummary, StringComparison.Ordinal);
        Assert.Contains("2026-12-04", result.After.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_HoldsBackWholeDeployments_TheSameForTheSameSeed()
    {
        var outcomes = Synthetic(Truth);

        var first = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, outcomes, Today, new OutcomeCalibrationOptions { Seed = 7 });
        var again = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, outcomes, Today, new OutcomeCalibrationOptions { Seed = 7 });

        Assert.Equal(first.HeldBack.ToList(), again.HeldBack.ToList());
        var groups = first.HeldBack.Select(id => outcomes.Single(o => o.Id == id).Group).Distinct().ToList();
        Assert.Single(groups);
        Assert.Empty(first.Training.Intersect(first.HeldBack));
    }

    [Fact]
    public void Calibrate_OutcomesTheCoefficientsAlreadyPredict_IsNoImprovement()
    {
        var result = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, Synthetic(Current), Today);

        Assert.True(result.ErrorBefore < 1e-6);
        Assert.False(result.Improved);
    }

    [Fact]
    public void Calibrate_TooFewOutcomes_SaysHowManyAreNeeded()
    {
        var outcomes = Synthetic(Truth).Take(3).ToList();

        var ex = Assert.Throws<ArgumentException>(() => OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, outcomes, Today));

        Assert.Contains("needs at least 4 measured outcomes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 are usable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_SkipsOtherGpusUnknownModelsAndEmptyOutcomes_AndSaysWhy()
    {
        var outcomes = Synthetic(Truth);
        outcomes.Add(outcomes[0] with { Id = "a100", Gpu = GpuType.Parse("A100-80") });
        outcomes.Add(outcomes[0] with { Id = "unknown", Model = ModelId.Parse("acme/NotAModel-1B") });
        outcomes.Add(outcomes[0] with { Id = "empty", TtftP95Ms = null, ItlP95Ms = null, E2eP95Ms = null, TtftMeanMs = null, ItlMeanMs = null });

        var result = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, outcomes, Today);

        Assert.Equal(9, result.Training.Length + result.HeldBack.Length);
        Assert.Equal(3, result.Skipped.Length);
        Assert.Contains(result.Skipped, s => s.StartsWith("a100: measured on A100-80", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.StartsWith("unknown: model acme/NotAModel-1B is not in the knowledge base", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.StartsWith("empty: no measured", StringComparison.Ordinal));
    }

    [Fact]
    public void Predict_AClosedLoop_SettlesWhereUsersEqualRateTimesLatency()
    {
        var outcome = new MeasuredOutcome
        {
            Id = "c", Group = "c", Model = ModelId.Llama31Instruct8B, Quantization = Quantization.Bf16, Gpu = GpuType.H100, TensorParallel = 1, Replicas = 2,
            Concurrency = 16, PromptTokens = 500, OutputTokens = 100,
        };

        var p = OutcomeCalibrator.Predict(TestCatalog.Catalog, Current, outcome, out var failure);

        Assert.Null(failure);
        Assert.NotNull(p);
        var perReplica = p.RequestRate / 2;
        var meanE2e = p.TtftMeanMs + (99 * p.ItlMeanMs);
        Assert.InRange(perReplica * meanE2e / 1000, 7.5, 8.01);
        Assert.Equal(p.RequestRate * 100, p.OutputTokensPerSecond, 6);
    }

    [Fact]
    public void Calibrate_KeepsEarlierEvidence_AndReplacesAnEarlierRefit()
    {
        var first = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, Synthetic(Truth), Today).After;

        var second = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, first, Synthetic(Truth), Today.AddDays(1)).After;

        Assert.Single(second.Evidence, e => e.Part == OutcomeCalibrator.EvidencePart);
        Assert.Equal(Current.Evidence.Length + 1, second.Evidence.Length);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(second.Source, "outcome refit"));
    }

    [Fact]
    public void Calibrate_ClosedLoopsOfASlowerEngine_RecoverItsOverhead()
    {
        var truth = Current with { StepOverheadMs = Current.StepOverheadMs * 2.5, SequenceOverheadUs = Current.SequenceOverheadUs * 2.5 };
        var outcomes = new List<MeasuredOutcome>();
        foreach (var (tp, users) in new[] { (1, 4), (1, 16), (1, 64), (2, 8), (2, 32), (2, 128) })
        {
            var load = new MeasuredOutcome
            {
                Id = $"tp{tp}-c{users}", Group = $"tp{tp}-c{users}", Model = ModelId.Llama31Instruct8B, Quantization = Quantization.Bf16, Gpu = GpuType.H100,
                TensorParallel = tp, Concurrency = users, PromptTokens = 300, OutputTokens = 400,
            };
            var p = OutcomeCalibrator.Predict(TestCatalog.Catalog, truth, load, out var failure) ?? throw new InvalidOperationException(failure);
            outcomes.Add(load with { ItlMeanMs = p.ItlMeanMs, TtftMeanMs = p.TtftMeanMs, OutputTokensPerSecond = p.OutputTokensPerSecond });
        }

        var result = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, outcomes, Today);

        Assert.True(result.Improved, $"{result.ErrorBefore:P1} → {result.ErrorAfter:P1}");
        Assert.True(result.ErrorAfter < 0.03, $"after {result.ErrorAfter:P1}");
        Assert.InRange(result.After.StepOverheadMs / truth.StepOverheadMs, 0.8, 1.25);
    }

    [Fact]
    public void Calibrate_NoisyMeasurements_StillImprovesOnHeldBackOutcomes()
    {
        var random = new Random(11);
        double Noisy(double? v) => v!.Value * (1 + ((random.NextDouble() - 0.5) * 0.1));
        var outcomes = Synthetic(Truth).Select(o => o with
        {
            TtftP95Ms = Noisy(o.TtftP95Ms), ItlP95Ms = Noisy(o.ItlP95Ms), E2eP95Ms = Noisy(o.E2eP95Ms), TtftMeanMs = Noisy(o.TtftMeanMs), ItlMeanMs = Noisy(o.ItlMeanMs),
        }).ToList();

        var result = OutcomeCalibrator.Calibrate(TestCatalog.Catalog, Current, outcomes, Today, new OutcomeCalibrationOptions { Seed = 3 });

        Assert.True(result.Improved, $"{result.ErrorBefore:P1} → {result.ErrorAfter:P1}");
        Assert.True(result.ErrorAfter < 0.06, $"after {result.ErrorAfter:P1}");
        Assert.InRange(result.After.MemoryEfficiency / Truth.MemoryEfficiency, 0.9, 1.1);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Split_PartitionsTheOutcomes_KeepsGroupsWholeWhenItCan_AndIsDeterministic(FsCheck.PositiveInt count, FsCheck.PositiveInt groupSize, int seed, byte share)
    {
        var n = 2 + (count.Get % 40);
        var fraction = 0.05 + (share / 255.0 * 0.9);
        var items = Enumerable.Range(0, n).Select(i => new Tuple<string, string>($"g{i / (1 + (groupSize.Get % 6))}", $"o{i:00}")).ToList();

        var (training, held) = OutcomeCalibrator.Split(items, t => t.Item1, t => t.Item2, fraction, seed);
        var (_, again) = OutcomeCalibrator.Split(items, t => t.Item1, t => t.Item2, fraction, seed);

        var partition = training.Count + held.Count == n && training.Concat(held).Distinct().Count() == n;
        var bothSides = held.Count >= 1 && training.Count >= 1;
        var groupsWhole = held.Select(h => h.Item1).Distinct().All(g => !training.Any(t => t.Item1 == g))
            || held.Count == Math.Clamp((int)Math.Round(n * fraction), 1, n - 1);
        return partition && bothSides && groupsWhole && held.SequenceEqual(again);
    }
}
