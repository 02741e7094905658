using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Compass.Postgres.Imports;

/// <summary>
/// Writes one parsed file in one transaction: claims <c>(kind, sha256)</c> in <c>imports</c> (a concurrent import of
/// the same content waits there and then finds it imported), copies runs, points and prices with binary COPY into
/// temporary staging tables dropped at commit, and moves them with <c>insert … select … on conflict do nothing</c>.
/// </summary>
internal static class ImportWriter
{
    public static async Task<ImportResult> WriteAsync(CompassDatabase database, ParsedFile parsed, ImportFormat format, string fileName, string sha256, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await database.RequireSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var kind = FormatDetector.Name(format);
            var claimed = await ExecuteAsync(connection, "insert into imports (id, kind, file_name, sha256, imported_at) values (@id, @kind, @file, @sha, @at) on conflict (kind, sha256) do nothing",
                cancellationToken, ("id", id), ("kind", kind), ("file", fileName), ("sha", sha256), ("at", now)).ConfigureAwait(false);
            if (claimed == 0)
            {
                var earlier = await EarlierAsync(connection, kind, sha256, cancellationToken).ConfigureAwait(false);
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new ImportResult(null, format, fileName, 0, 0, 0, true, [.. parsed.Notes, earlier]) { Hints = [.. parsed.Hints] };
            }

            var runs = 0;
            var points = 0;
            var prices = 0;
            if (parsed.Runs.Count > 0)
            {
                runs = await WriteRunsAsync(connection, parsed, id, cancellationToken).ConfigureAwait(false);
                points = await WritePointsAsync(connection, parsed, id, cancellationToken).ConfigureAwait(false);
            }

            if (parsed.Prices.Count > 0)
            {
                prices = await WritePricesAsync(connection, parsed, id, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, "update imports set rows_written = @n where id = @id", cancellationToken, ("n", runs + points + prices), ("id", id)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

            var notes = parsed.Notes.ToList();
            if (parsed.Runs.Count - runs > 0 || parsed.Points.Count - points > 0 || parsed.Prices.Count - prices > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Already in the knowledge base, so not added again: {parsed.Runs.Count - runs} run(s), {parsed.Points.Count - points} point(s), {parsed.Prices.Count - prices} price(s)."));
            }

            return new ImportResult(id, format, fileName, runs, points, prices, false, notes) { Hints = [.. parsed.Hints] };
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation && ex.TableName == "prices")
        {
            throw new ImportException(fileName, null, "gpu",
                $"a GPU is not in the knowledge base's GPU table ({ex.Detail ?? ex.MessageText}). Add the GPUs first (initializing the knowledge base seeds the shipped ones); nothing was written.", ex)
            {
                Remedy = new KnowledgeRemedy(KnowledgeAction.Initialize),
            };
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new CompassDatabaseException(
                $"Importing {fileName} into {database.Description} failed: {(ex as PostgresException)?.MessageText ?? ex.Message}. Nothing of it was written (the transaction rolled back); run the import again.", ex);
        }
    }

    private static async Task<string> EarlierAsync(NpgsqlConnection connection, string kind, string sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select id, file_name, imported_at from imports where kind = @kind and sha256 = @sha", connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("sha", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? string.Create(CultureInfo.InvariantCulture, $"The same content was imported before (import {reader.GetGuid(0)}, {reader.GetString(1)}, {reader.GetFieldValue<DateTimeOffset>(2):yyyy-MM-dd HH:mm} UTC); nothing was written.")
            : "The same content was imported before; nothing was written.";
    }

    private static async Task<int> WriteRunsAsync(NpgsqlConnection connection, ParsedFile parsed, Guid id, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, """
            create temp table import_runs (
                run_key text, model text, quantization text, gpu text, tensor_parallel integer, engine text, engine_version text,
                provenance text, source text, prompt_tokens double precision, prompt_tokens_stddev double precision,
                output_tokens double precision, output_tokens_stddev double precision) on commit drop
            """, cancellationToken).ConfigureAwait(false);
        await using (var copy = await connection.BeginBinaryImportAsync("copy import_runs from stdin (format binary)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var run in parsed.Runs.Values)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.RunKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.Model, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.Quantization, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.Gpu, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.TensorParallel, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.Engine, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.EngineVersion, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.Provenance, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.PromptTokens, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.PromptTokensStdDev, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.OutputTokens, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(run.OutputTokensStdDev, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return await ExecuteAsync(connection, """
            insert into benchmark_runs (run_key, model, quantization, gpu, tensor_parallel, engine, engine_version, provenance, source,
                                        prompt_tokens, prompt_tokens_stddev, output_tokens, output_tokens_stddev, import_id)
            select run_key, model, quantization, gpu, tensor_parallel, engine, engine_version, provenance, source,
                   prompt_tokens, prompt_tokens_stddev, output_tokens, output_tokens_stddev, @id
            from import_runs order by run_key
            on conflict (run_key) do nothing
            """, cancellationToken, ("id", id)).ConfigureAwait(false);
    }

    private static async Task<int> WritePointsAsync(NpgsqlConnection connection, ParsedFile parsed, Guid id, CancellationToken cancellationToken)
    {
        var latencyColumns = string.Join(", ", Latencies.Names);
        await ExecuteAsync(connection, $"""
            create temp table import_points (
                run_key text, request_rate double precision, concurrency integer, achieved_rate double precision, output_tokens_per_second double precision,
                {string.Join(", ", Latencies.Names.Select(n => n + " double precision"))}) on commit drop
            """, cancellationToken).ConfigureAwait(false);
        await using (var copy = await connection.BeginBinaryImportAsync("copy import_points from stdin (format binary)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var point in parsed.Points)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(point.RunKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(point.RequestRate, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                if (point.Concurrency is { } concurrency)
                {
                    await copy.WriteAsync(concurrency, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await copy.WriteAsync(point.AchievedRate, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(point.OutputTokensPerSecond, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                foreach (var value in point.Latencies.Values)
                {
                    if (value is { } v)
                    {
                        await copy.WriteAsync(v, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return await ExecuteAsync(connection, $"""
            insert into benchmark_points (run_id, request_rate, concurrency, achieved_rate, output_tokens_per_second, {latencyColumns}, import_id)
            select r.id, p.request_rate, p.concurrency, p.achieved_rate, p.output_tokens_per_second, {string.Join(", ", Latencies.Names.Select(n => "p." + n))}, @id
            from import_points p join benchmark_runs r on r.run_key = p.run_key
            order by r.id, p.request_rate
            on conflict (run_id, request_rate) do nothing
            """, cancellationToken, ("id", id)).ConfigureAwait(false);
    }

    private static async Task<int> WritePricesAsync(NpgsqlConnection connection, ParsedFile parsed, Guid id, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, """
            create temp table import_prices (
                gpu text, provider text, instance_type text, tier text, usd_per_gpu_hour numeric(12, 4), effective_from date, source text) on commit drop
            """, cancellationToken).ConfigureAwait(false);
        await using (var copy = await connection.BeginBinaryImportAsync("copy import_prices from stdin (format binary)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var price in parsed.Prices)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.Gpu, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.Provider, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.InstanceType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.Tier, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.UsdPerGpuHour, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.EffectiveFrom, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(price.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return await ExecuteAsync(connection, """
            insert into prices (gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source, import_id)
            select gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source, @id
            from import_prices order by gpu, provider, instance_type, tier, effective_from
            on conflict (gpu, provider, instance_type, tier, effective_from) do nothing
            """, cancellationToken, ("id", id)).ConfigureAwait(false);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
