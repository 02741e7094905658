using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Postgres.Internal;
using Npgsql;

namespace Compass.Postgres.Health;

/// <summary>
/// Checks the knowledge base's data for what makes plans weaker or wrong: models without
/// benchmarks, GPUs without prices, stale prices, mixed engine versions, simulated benchmarks, benchmark points
/// planning cannot use, benchmarks of unknown models or GPUs, and calibrations not fitted on measurements. Every
/// finding says how to fix it, and names the operations that do in <see cref="HealthFinding.Remedies"/>. Reads one
/// consistent snapshot; writes nothing. Thread-safe.
/// </summary>
public sealed class KnowledgeHealthCheck
{
    private const string PricesFile = "a prices CSV with the columns gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source";
    private const string AddRecord = "add its record to the knowledge base (a row of the models or gpus table, as in an export's models.json and gpus.json)";

    private readonly CompassDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _stalePriceDays;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    /// <param name="time">The clock (today, for prices in effect and their age); the system clock when null.</param>
    /// <param name="stalePriceDays">How many days after its effective date a price counts as stale; the database options' <see cref="CompassPostgresOptions.StalePriceDays"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stalePriceDays"/> is below 1.</exception>
    public KnowledgeHealthCheck(CompassDatabase database, TimeProvider? time = null, int? stalePriceDays = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? TimeProvider.System;
        _stalePriceDays = stalePriceDays ?? database.Options.StalePriceDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(_stalePriceDays, 1, nameof(stalePriceDays));
    }

    /// <summary>Runs every check.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The findings, errors first, then warnings, then information; each group by category and subject.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached or has no Compass schema.</exception>
    public async Task<HealthReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var findings = new List<HealthFinding>();
        findings.AddRange(await ModelsWithoutBenchmarksAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await PricesAsync(connection, transaction, today, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await EngineVersionsAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await BenchmarksAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await CalibrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await UnusableOutcomesAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new HealthReport([.. findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Category, StringComparer.Ordinal)]);
    }

    private static async Task<IEnumerable<HealthFinding>> ModelsWithoutBenchmarksAsync(NpgsqlConnection c, NpgsqlTransaction t, CancellationToken ct)
    {
        var models = await Sql.ListAsync(c, t, """
            select m.id from models m
            where not exists (select 1 from benchmark_runs r where lower(r.model) = lower(m.id))
            order by m.position
            """, r => r.GetString(0), ct).ConfigureAwait(false);
        return models.Select(m => new HealthFinding(HealthSeverity.Warning, HealthCategories.ModelWithoutBenchmarks, m,
            $"No benchmark run of {m}: plans predict it from the physics model alone. Import a measured run of it, on any GPU and tensor-parallel degree.")
        {
            Remedies = [new(KnowledgeAction.ImportBenchmarks, Model: m)],
        });
    }

    private async Task<IEnumerable<HealthFinding>> PricesAsync(NpgsqlConnection c, NpgsqlTransaction t, DateOnly today, CancellationToken ct)
    {
        var findings = new List<HealthFinding>();
        var unpriced = await Sql.ListAsync(c, t, """
            select g.type from gpus g
            where not exists (select 1 from prices p where p.gpu = g.type and p.effective_from <= @today)
            order by g.position
            """, r => r.GetString(0), ct, ("today", today)).ConfigureAwait(false);
        findings.AddRange(unpriced.Select(g => new HealthFinding(HealthSeverity.Error, HealthCategories.GpuWithoutPrice, g,
            $"GPU {g} has no price in effect, so plans cannot cost it. Import its prices ({PricesFile}).")
        {
            Remedies = [new(KnowledgeAction.ImportPrices, Gpu: g)],
        }));

        var cutoff = today.AddDays(-_stalePriceDays);
        var stale = await Sql.ListAsync(c, t, """
            select gpu, provider, tier, max(effective_from) from prices where effective_from <= @today
            group by gpu, provider, tier having max(effective_from) < @cutoff
            order by gpu, provider, tier
            """, r => (Gpu: r.GetString(0), Provider: r.GetString(1), Tier: r.GetString(2), From: r.GetFieldValue<DateOnly>(3)), ct,
            ("today", today), ("cutoff", cutoff)).ConfigureAwait(false);
        // One finding per GPU: its providers' and tiers' newest prices are usually dated together.
        findings.AddRange(stale.GroupBy(s => s.Gpu).Select(g =>
        {
            var oldest = g.Min(s => s.From);
            var newest = g.Max(s => s.From);
            var when = oldest == newest ? F($"on {oldest:yyyy-MM-dd}") : F($"between {oldest:yyyy-MM-dd} and {newest:yyyy-MM-dd}");
            var which = string.Join(", ", g.Select(s => $"{s.Provider} {s.Tier}"));
            return new HealthFinding(HealthSeverity.Warning, HealthCategories.StalePrice, g.Key,
                F($"{g.Count()} price(s) of {g.Key} ({which}) took effect {when}, {today.DayNumber - newest.DayNumber} days ago or more (stale after {_stalePriceDays}). Import current prices ({PricesFile})."))
            {
                Remedies = [new(KnowledgeAction.ImportPrices, Gpu: g.Key)],
            };
        }));
        return findings;
    }

    private static async Task<IEnumerable<HealthFinding>> EngineVersionsAsync(NpgsqlConnection c, NpgsqlTransaction t, CancellationToken ct)
    {
        var runs = await Sql.ListAsync(c, t,
            "select gpu, trim(engine || ' ' || engine_version), count(*)::int from benchmark_runs group by 1, 2 order by 1, 2",
            r => (Gpu: r.GetString(0), Engine: r.GetString(1), Runs: r.GetInt32(2)), ct).ConfigureAwait(false);
        var outcomes = await Sql.ListAsync(c, t,
            "select gpu, engine_version, count(*)::int from deployment_outcomes where engine_version <> '' group by 1, 2 order by 1, 2",
            r => (Gpu: r.GetString(0), Engine: r.GetString(1), Count: r.GetInt32(2)), ct).ConfigureAwait(false);
        var findings = new List<HealthFinding>();
        var majority = new Dictionary<string, (string Engine, int Runs)>(StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in runs.GroupBy(r => r.Gpu, StringComparer.OrdinalIgnoreCase))
        {
            var main = gpu.OrderByDescending(r => r.Runs).ThenByDescending(r => r.Engine, StringComparer.Ordinal).First();
            majority[gpu.Key] = (main.Engine, main.Runs);
            findings.AddRange(gpu.Where(r => r != main).Select(r => new HealthFinding(HealthSeverity.Warning, HealthCategories.EngineVersionMismatch, $"{gpu.Key} {r.Engine}",
                F($"{r.Runs} benchmark run(s) on {gpu.Key} were measured with {Named(r.Engine)}, but most ({main.Runs}) with {Named(main.Engine)}: engine versions differ in speed, so the two disagree. Re-run them on {Named(main.Engine)} and import the result, or delete the old runs."))
            {
                Remedies = [new(KnowledgeAction.ImportBenchmarks, Gpu: gpu.Key)],
            }));
        }

        foreach (var o in outcomes)
        {
            if (majority.TryGetValue(o.Gpu, out var main) && !SameEngine(o.Engine, main.Engine))
            {
                findings.Add(new HealthFinding(HealthSeverity.Warning, HealthCategories.EngineVersionMismatch, $"{o.Gpu} outcomes {o.Engine}",
                    F($"{o.Count} deployment outcome(s) on {o.Gpu} were measured on {o.Engine}, but its benchmarks on {Named(main.Engine)}: a refit of {o.Gpu} from those outcomes describes {o.Engine}. Validate again on {Named(main.Engine)}, or import benchmarks of {o.Engine}."))
                {
                    Remedies = [new(KnowledgeAction.RecordOutcomes, Gpu: o.Gpu), new(KnowledgeAction.ImportBenchmarks, Gpu: o.Gpu)],
                });
            }
        }

        return findings;
    }

    private static async Task<IEnumerable<HealthFinding>> BenchmarksAsync(NpgsqlConnection c, NpgsqlTransaction t, CancellationToken ct)
    {
        var findings = new List<HealthFinding>();
        var simulated = await Sql.ListAsync(c, t,
            "select gpu, model, count(*)::int, string_agg(distinct source, ', ') from benchmark_runs where provenance = 'simulated' group by gpu, model order by gpu, model",
            r => (Gpu: r.GetString(0), Model: r.GetString(1), Runs: r.GetInt32(2), Sources: r.GetString(3)), ct).ConfigureAwait(false);
        findings.AddRange(simulated.Select(s => new HealthFinding(HealthSeverity.Info, HealthCategories.SimulatedBenchmarks, $"{s.Model} on {s.Gpu}",
            F($"{s.Runs} benchmark run(s) of {s.Model} on {s.Gpu} are simulated ({s.Sources}), not measured; plans say so. Replace them with a measured run (measured runs of the same profile take precedence)."))
        {
            Remedies = [new(KnowledgeAction.ImportBenchmarks, Model: s.Model, Gpu: s.Gpu)],
        }));

        var incomplete = await Sql.ListAsync(c, t, """
            select r.id, r.model, r.gpu, r.tensor_parallel, count(*)::int from benchmark_runs r join benchmark_points p on p.run_id = r.id
            where p.ttft_mean is null or p.ttft_p90 is null or p.ttft_p95 is null or p.ttft_p99 is null
               or p.itl_mean is null or p.itl_p90 is null or p.itl_p95 is null or p.itl_p99 is null
               or p.e2e_mean is null or p.e2e_p90 is null or p.e2e_p95 is null or p.e2e_p99 is null
            group by r.id, r.model, r.gpu, r.tensor_parallel order by r.id
            """, r => (Id: r.GetInt64(0), Model: r.GetString(1), Gpu: r.GetString(2), Tp: r.GetInt32(3), Points: r.GetInt32(4)), ct).ConfigureAwait(false);
        findings.AddRange(incomplete.Select(i => new HealthFinding(HealthSeverity.Warning, HealthCategories.IncompleteBenchmarkPoints, F($"benchmark run {i.Id}"),
            F($"{i.Points} point(s) of benchmark run {i.Id} ({i.Model} on {i.Tp}×{i.Gpu}) lack a mean, p90, p95 or p99 of TTFT, ITL or E2E, so planning leaves them out. Re-import the run from a report with all percentiles, e.g. GuideLLM's full JSON."))
        {
            Remedies = [new(KnowledgeAction.ImportBenchmarks, Model: i.Model, Gpu: i.Gpu)],
        }));

        var unresolved = await Sql.ListAsync(c, t, """
            select r.id, r.model, r.gpu,
                   exists (select 1 from models m where lower(m.id) = lower(r.model)),
                   exists (select 1 from gpus g where lower(g.type) = lower(r.gpu))
            from benchmark_runs r
            where not exists (select 1 from models m where lower(m.id) = lower(r.model))
               or not exists (select 1 from gpus g where lower(g.type) = lower(r.gpu))
            order by r.id
            """, r => (Id: r.GetInt64(0), Model: r.GetString(1), Gpu: r.GetString(2), ModelKnown: r.GetBoolean(3), GpuKnown: r.GetBoolean(4)), ct).ConfigureAwait(false);
        findings.AddRange(unresolved.Select(u => new HealthFinding(HealthSeverity.Error, HealthCategories.UnresolvedBenchmarks, F($"benchmark run {u.Id}"),
            F($"Benchmark run {u.Id} is of {(u.ModelKnown ? string.Empty : $"model {u.Model}")}{(u.ModelKnown || u.GpuKnown ? string.Empty : " and ")}{(u.GpuKnown ? string.Empty : $"GPU {u.Gpu}")}, which the knowledge base does not hold, so planning ignores it. To use it, {AddRecord}; or delete the run."))));
        return findings;
    }

    private static async Task<IEnumerable<HealthFinding>> CalibrationsAsync(NpgsqlConnection c, NpgsqlTransaction t, CancellationToken ct)
    {
        var findings = new List<HealthFinding>();
        var active = await Sql.ListAsync(c, t, "select id, gpu, coefficients::text from engine_calibrations where active order by gpu",
            r => (Id: r.GetInt64(0), Gpu: r.GetString(1), Json: r.GetString(2)), ct).ConfigureAwait(false);
        foreach (var (id, gpu, json) in active)
        {
            EngineCoefficients? coefficients;
            try
            {
                coefficients = JsonSerializer.Deserialize<EngineCoefficients>(json, CompassJson.Options);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                findings.Add(new HealthFinding(HealthSeverity.Error, HealthCategories.UnmeasuredCalibration, gpu,
                    F($"The active calibration {id} of {gpu} is not valid ({ex.Message}), so reading the knowledge base fails. Delete the row, or initialize the knowledge base again to restore the shipped one."))
                {
                    Remedies = [new(KnowledgeAction.Initialize)],
                });
                continue;
            }

            var measured = coefficients is not null && coefficients.Calibrated && coefficients.Evidence.Any(e => e.Kind == EvidenceKind.Measured);
            if (!measured)
            {
                var evidence = coefficients?.EvidenceSummary ?? "none";
                findings.Add(new HealthFinding(HealthSeverity.Warning, HealthCategories.UnmeasuredCalibration, gpu,
                    $"The step-time coefficients of {gpu} are not fitted on measurements of {gpu} ({evidence}). Validate a {gpu} deployment a few times, storing the outcomes in the knowledge base, then refit {gpu} from them.")
                {
                    Remedies = [new(KnowledgeAction.RecordOutcomes, Gpu: gpu), new(KnowledgeAction.Calibrate, Gpu: gpu)],
                });
            }
        }

        var borrowed = await Sql.ListAsync(c, t,
            "select g.type from gpus g where not exists (select 1 from engine_calibrations e where e.gpu = g.type and e.active) order by g.position",
            r => r.GetString(0), ct).ConfigureAwait(false);
        findings.AddRange(borrowed.Select(g => new HealthFinding(HealthSeverity.Info, HealthCategories.UnmeasuredCalibration, g,
            $"{g} has no calibration of its own; plans borrow the reference GPU's efficiencies applied to its datasheet, and say so. Validate a {g} deployment a few times, storing the outcomes in the knowledge base, then refit {g} from them.")
        {
            Remedies = [new(KnowledgeAction.RecordOutcomes, Gpu: g), new(KnowledgeAction.Calibrate, Gpu: g)],
        }));
        return findings;
    }

    private static async Task<IEnumerable<HealthFinding>> UnusableOutcomesAsync(NpgsqlConnection c, NpgsqlTransaction t, CancellationToken ct)
    {
        var unusable = await Sql.ListAsync(c, t, """
            select o.model, o.gpu, count(*)::int,
                   exists (select 1 from models m where lower(m.id) = lower(o.model)),
                   exists (select 1 from gpus g where lower(g.type) = lower(o.gpu))
            from deployment_outcomes o
            where not exists (select 1 from models m where lower(m.id) = lower(o.model))
               or not exists (select 1 from gpus g where lower(g.type) = lower(o.gpu))
            group by o.model, o.gpu order by o.gpu, o.model
            """, r => (Model: r.GetString(0), Gpu: r.GetString(1), Count: r.GetInt32(2), ModelKnown: r.GetBoolean(3), GpuKnown: r.GetBoolean(4)), ct).ConfigureAwait(false);
        return unusable.Select(u => new HealthFinding(HealthSeverity.Warning, HealthCategories.UnusableOutcomes, $"{u.Model} on {u.Gpu}",
            F($"{u.Count} deployment outcome(s) of {u.Model} on {u.Gpu} name a {(u.ModelKnown ? "GPU" : "model")} the knowledge base does not hold, so calibration skips them. To use them, {AddRecord}; or delete the outcomes.")));
    }

    private static bool SameEngine(string outcome, string benchmarks)
        => string.Equals(outcome, benchmarks, StringComparison.OrdinalIgnoreCase)
        || benchmarks.EndsWith(" " + outcome, StringComparison.OrdinalIgnoreCase);

    private static string Named(string engine) => engine.Length == 0 ? "an unrecorded engine version" : engine;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
