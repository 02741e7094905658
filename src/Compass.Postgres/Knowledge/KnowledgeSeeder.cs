using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Npgsql;

namespace Compass.Postgres.Knowledge;

/// <summary>
/// Fills a Compass knowledge base from another catalog (normally the embedded one, by <c>compass db init</c>): models,
/// GPUs, prices, use cases and engine calibrations, in one transaction. Rows that exist are never overwritten, so a
/// team's edits survive re-running it; a calibration is added only for a GPU class without an active one.
/// </summary>
public static partial class KnowledgeSeeder
{
    /// <summary>Seeds the database.</summary>
    /// <param name="database">The database (migrated).</param>
    /// <param name="source">What to copy.</param>
    /// <param name="time">The clock: the effective date of a price whose source names no date.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was added.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached or has no Compass schema.</exception>
    public static async Task<SeedResult> SeedAsync(CompassDatabase database, KnowledgeCatalog source, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await database.RequireSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        var models = 0;
        foreach (var model in source.Models)
        {
            models += await ExecuteAsync(connection, transaction, "insert into models (id, family, spec, source) values (@id, @family, @spec::jsonb, @source) on conflict (id) do nothing", cancellationToken,
                ("id", model.Id.Value), ("family", (object?)model.Family ?? DBNull.Value), ("spec", Json(model)), ("source", model.Source ?? string.Empty)).ConfigureAwait(false);
        }

        int gpus = 0, prices = 0;
        foreach (var gpu in source.Gpus)
        {
            gpus += await ExecuteAsync(connection, transaction, "insert into gpus (type, spec, source) values (@type, @spec::jsonb, @source) on conflict (type) do nothing", cancellationToken,
                ("type", gpu.Type.Value), ("spec", Json(gpu with { RentalPrices = [] })), ("source", gpu.Source)).ConfigureAwait(false);
            foreach (var price in gpu.RentalPrices)
            {
                var from = DateIn(price.Source) ?? gpu.RentalPrices.Where(p => p.Provider == price.Provider).Select(p => DateIn(p.Source)).FirstOrDefault(d => d is not null) ?? today;
                prices += await ExecuteAsync(connection, transaction, """
                    insert into prices (gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source)
                    values (@gpu, @provider, '', @tier, @usd, @from, @source)
                    on conflict (gpu, provider, instance_type, tier, effective_from) do nothing
                    """, cancellationToken,
                    ("gpu", gpu.Type.Value), ("provider", price.Provider.Value), ("tier", JsonNamingPolicy.KebabCaseLower.ConvertName(price.Tier.ToString())),
                    ("usd", (decimal)price.UsdPerGpuHour), ("from", from), ("source", price.Source)).ConfigureAwait(false);
            }
        }

        var useCases = 0;
        foreach (var template in source.UseCases)
        {
            useCases += await ExecuteAsync(connection, transaction, "insert into use_cases (id, template, source) values (@id, @template::jsonb, 'embedded') on conflict (id) do nothing", cancellationToken,
                ("id", template.Id.Value), ("template", Json(template))).ConfigureAwait(false);
        }

        var calibrations = 0;
        foreach (var c in source.Calibrations)
        {
            calibrations += await ExecuteAsync(connection, transaction, """
                insert into engine_calibrations (gpu, coefficients, note)
                select @gpu, @coefficients::jsonb, @note
                where not exists (select 1 from engine_calibrations where gpu = @gpu and active)
                """, cancellationToken,
                ("gpu", c.Gpu.Value), ("coefficients", Json(c)), ("note", "shipped with Compass " + typeof(KnowledgeSeeder).Assembly.GetName().Version)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SeedResult(models, gpus, prices, useCases, calibrations);
    }

    internal static string Json<T>(T value) => JsonSerializer.Serialize(value, CompassJson.Compact);

    // Sources name the month or day they were read ("upstream, 2026-04"): that is when the price took effect.
    private static DateOnly? DateIn(string source)
    {
        var match = DatePattern().Match(source ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var day = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
        return DateOnly.TryParseExact(string.Create(CultureInfo.InvariantCulture, $"{match.Groups[1].Value}-{match.Groups[2].Value}-{day:00}"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"\b(20\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b")]
    private static partial Regex DatePattern();
}
