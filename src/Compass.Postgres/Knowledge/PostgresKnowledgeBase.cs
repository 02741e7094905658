using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Npgsql;

namespace Compass.Postgres.Knowledge;

/// <summary>
/// The knowledge base read from PostgreSQL: models, GPUs with the prices in effect today, use cases, benchmark points
/// and the active engine calibrations, as one consistent snapshot (read in one repeatable-read transaction) that is
/// kept for <see cref="SnapshotLifetime"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Benchmark points reach planning only when they carry what planning reads (mean, p90, p95 and p99 of TTFT, ITL and
/// E2E) and refer to a model, format and GPU of the knowledge base; <c>compass db health</c> lists the others. Where
/// measured runs exist for a configuration and traffic profile, simulated and estimated runs of the same profile are
/// left out: planning should read what was measured.
/// </remarks>
public sealed class PostgresKnowledgeBase : IKnowledgeBase
{
    private readonly CompassDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Task<KnowledgeCatalog>? _snapshot;
    private long _snapshotTakenAt;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    /// <param name="time">The clock (which prices are in effect, and the snapshot's age).</param>
    public PostgresKnowledgeBase(CompassDatabase database, TimeProvider? time = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets or sets how long a snapshot is reused before the database is read again (default 30 s).</summary>
    public TimeSpan SnapshotLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the database, for people: host, port, database and user.</summary>
    public string Description => _database.Description;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default)
        => (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Models;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default)
        => (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Gpus;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default)
        => (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).UseCases;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default)
        => (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Benchmarks;

    /// <inheritdoc />
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or holds a record that does not parse.</exception>
    public ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default)
    {
        Task<KnowledgeCatalog> snapshot;
        lock (_gate)
        {
            var fresh = _snapshot is { IsFaulted: false, IsCanceled: false } && _time.GetElapsedTime(_snapshotTakenAt) < SnapshotLifetime;
            if (!fresh)
            {
                _snapshotTakenAt = _time.GetTimestamp();
                _snapshot = ReadAsync(CancellationToken.None);
            }

            snapshot = _snapshot!;
        }

        return new ValueTask<KnowledgeCatalog>(snapshot.WaitAsync(cancellationToken));
    }

    /// <summary>Drops the cached snapshot, so that the next read sees the database as it is now.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _snapshot = null;
        }
    }

    private async Task<KnowledgeCatalog> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await _database.RequireSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

        var models = await ReadJsonAsync<ModelSpec>(connection, "select id, spec::text from models order by position", "models", cancellationToken).ConfigureAwait(false);
        var prices = await ReadPricesAsync(connection, today, cancellationToken).ConfigureAwait(false);
        var gpus = (await ReadJsonAsync<GpuSpec>(connection, "select type, spec::text from gpus order by position", "gpus", cancellationToken).ConfigureAwait(false))
            .Select(g => g with { RentalPrices = prices.GetValueOrDefault(g.Type.Value, []) })
            .ToImmutableArray();
        var useCases = await ReadJsonAsync<UseCaseTemplate>(connection, "select id, template::text from use_cases order by position", "use_cases", cancellationToken).ConfigureAwait(false);
        var calibrations = await ReadJsonAsync<EngineCoefficients>(connection, "select gpu, coefficients::text from engine_calibrations where active order by gpu", "engine_calibrations", cancellationToken).ConfigureAwait(false);
        var benchmarks = await BenchmarkReader.ReadAsync(connection, models, gpus, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            return new KnowledgeCatalog(models, gpus, useCases, benchmarks, calibrations);
        }
        catch (KnowledgeBaseException ex)
        {
            throw new CompassDatabaseException($"The knowledge base in {_database.Description} is inconsistent: {ex.Message}", ex);
        }
    }

    private static async Task<ImmutableArray<T>> ReadJsonAsync<T>(NpgsqlConnection connection, string sql, string table, CancellationToken cancellationToken)
    {
        var items = ImmutableArray.CreateBuilder<T>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = reader.GetString(0);
            try
            {
                items.Add(JsonSerializer.Deserialize<T>(reader.GetString(1), CompassJson.Options)
                    ?? throw new JsonException("the record is null"));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                throw new CompassDatabaseException($"The {table} row '{key}' does not hold a valid {typeof(T).Name}: {ex.Message} Fix or delete the row (it was written outside Compass, or by a newer version).", ex);
            }
        }

        return items.ToImmutable();
    }

    // The prices in effect today: per (GPU, provider, instance type, tier) the newest one that has started; then per
    // (provider, tier) the cheapest instance type, which is the one a plan would rent.
    private static async Task<Dictionary<string, ImmutableArray<RentalPrice>>> ReadPricesAsync(NpgsqlConnection connection, DateOnly today, CancellationToken cancellationToken)
    {
        const string sql = """
            select distinct on (gpu, provider, instance_type, tier) gpu, provider, instance_type, tier, usd_per_gpu_hour::float8, effective_from, source
            from prices where effective_from <= @today
            order by gpu, provider, instance_type, tier, effective_from desc
            """;
        var rows = new List<(string Gpu, RentalPrice Price, string Instance)>();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("today", today);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var gpu = reader.GetString(0);
                var instance = reader.GetString(2);
                var from = reader.GetFieldValue<DateOnly>(5);
                try
                {
                    var price = new RentalPrice
                    {
                        Provider = CloudProvider.Parse(reader.GetString(1)),
                        Tier = Enum.Parse<PricingTier>(reader.GetString(3).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
                        UsdPerGpuHour = reader.GetDouble(4),
                        Source = instance.Length > 0 ? $"{reader.GetString(6)} (instance {instance})" : reader.GetString(6),
                    };
                    rows.Add((gpu, price, instance));
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException)
                {
                    throw new CompassDatabaseException($"The price of {gpu} from '{reader.GetString(1)}' ({reader.GetString(3)}, {from:yyyy-MM-dd}) is invalid: {ex.Message} Fix or delete the row.", ex);
                }
            }
        }

        return rows.GroupBy(r => r.Gpu, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.GroupBy(r => (r.Price.Provider, r.Price.Tier)).Select(p => p.MinBy(r => r.Price.UsdPerGpuHour).Price).ToImmutableArray(),
            StringComparer.Ordinal);
    }
}
