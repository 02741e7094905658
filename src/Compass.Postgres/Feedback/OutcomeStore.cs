using Compass.Core;
using Compass.Postgres.Internal;
using Npgsql;

namespace Compass.Postgres.Feedback;

/// <summary>
/// The deployment outcomes of the knowledge base: what deployments measured next to what their plans predicted, the
/// data <c>compass calibrate</c> refits the engine from. Thread-safe.
/// </summary>
public sealed class OutcomeStore
{
    private const string Columns = """
        deployment, namespace, plan_id, model, quantization, gpu, tensor_parallel, replicas, engine_version, measured_at, load_kind,
        request_rate, concurrency, prompt_tokens, output_tokens,
        predicted_ttft_p95, measured_ttft_p95, predicted_itl_p95, measured_itl_p95, predicted_e2e_p95, measured_e2e_p95,
        measured_ttft_mean, measured_itl_mean, measured_requests_per_second, measured_output_tokens_per_second, slo_met, source, report::text
        """;

    private readonly CompassDatabase _database;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    public OutcomeStore(CompassDatabase database) => _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Stores an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new row's id.</returns>
    /// <exception cref="ArgumentException">The outcome has no load (neither rate nor concurrency), non-positive token counts, or an unknown load kind.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or refuses the row (e.g. its plan is not saved).</exception>
    public async Task<long> AddAsync(DeploymentOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Validate(outcome);
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        try
        {
            return await Sql.ScalarAsync<long>(connection, null, $"""
                insert into deployment_outcomes ({Columns.Replace("report::text", "report", StringComparison.Ordinal)})
                values (@deployment, @namespace, @plan, @model, @quantization, @gpu, @tp, @replicas, @engine, @at, @kind,
                        @rate, @concurrency, @prompt, @output,
                        @pttft, @mttft, @pitl, @mitl, @pe2e, @me2e, @ttftmean, @itlmean, @rps, @tps, @slo, @source, @report::jsonb)
                returning id
                """, cancellationToken,
                ("deployment", outcome.Deployment), ("namespace", outcome.Namespace), ("plan", outcome.PlanId), ("model", outcome.Model.Value),
                ("quantization", outcome.Quantization.Value), ("gpu", outcome.Gpu.Value), ("tp", outcome.TensorParallel), ("replicas", outcome.Replicas),
                ("engine", outcome.EngineVersion), ("at", outcome.MeasuredAt.ToUniversalTime()), ("kind", outcome.LoadKind),
                ("rate", outcome.RequestRate), ("concurrency", outcome.Concurrency), ("prompt", outcome.PromptTokens), ("output", outcome.OutputTokens),
                ("pttft", outcome.PredictedTtftP95), ("mttft", outcome.MeasuredTtftP95), ("pitl", outcome.PredictedItlP95), ("mitl", outcome.MeasuredItlP95),
                ("pe2e", outcome.PredictedE2eP95), ("me2e", outcome.MeasuredE2eP95), ("ttftmean", outcome.MeasuredTtftMean), ("itlmean", outcome.MeasuredItlMean),
                ("rps", outcome.MeasuredRequestsPerSecond), ("tps", outcome.MeasuredOutputTokensPerSecond), ("slo", outcome.SloMet), ("source", outcome.Source),
                ("report", outcome.ReportJson)).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw Sql.Rejected(ex, $"The outcome of {outcome.Model} on {outcome.TensorParallel}×{outcome.Gpu} was not stored");
        }
    }

    /// <summary>Lists the stored outcomes, oldest first.</summary>
    /// <param name="gpu">Only this GPU class's outcomes; all when null.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcomes.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or holds a row that does not parse.</exception>
    public async Task<IReadOnlyList<StoredOutcome>> ListAsync(GpuType? gpu = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null,
            $"select id, {Columns} from deployment_outcomes where @gpu::text is null or gpu = @gpu order by measured_at, id",
            ("gpu", gpu?.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new List<StoredOutcome>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            outcomes.Add(Read(reader));
        }

        return outcomes;
    }

    private static StoredOutcome Read(NpgsqlDataReader r)
    {
        var id = r.GetInt64(0);
        try
        {
            return new StoredOutcome(id, new DeploymentOutcome
            {
                Deployment = r.GetString(1),
                Namespace = r.GetString(2),
                PlanId = Sql.Uuid(r, 3),
                Model = ModelId.Parse(r.GetString(4)),
                Quantization = Quantization.Parse(r.GetString(5)),
                Gpu = GpuType.Parse(r.GetString(6)),
                TensorParallel = r.GetInt32(7),
                Replicas = r.GetInt32(8),
                EngineVersion = r.GetString(9),
                MeasuredAt = Sql.Time(r, 10),
                LoadKind = r.GetString(11),
                RequestRate = Sql.Double(r, 12),
                Concurrency = Sql.Int(r, 13),
                PromptTokens = r.GetDouble(14),
                OutputTokens = r.GetDouble(15),
                PredictedTtftP95 = Sql.Double(r, 16),
                MeasuredTtftP95 = Sql.Double(r, 17),
                PredictedItlP95 = Sql.Double(r, 18),
                MeasuredItlP95 = Sql.Double(r, 19),
                PredictedE2eP95 = Sql.Double(r, 20),
                MeasuredE2eP95 = Sql.Double(r, 21),
                MeasuredTtftMean = Sql.Double(r, 22),
                MeasuredItlMean = Sql.Double(r, 23),
                MeasuredRequestsPerSecond = Sql.Double(r, 24),
                MeasuredOutputTokensPerSecond = Sql.Double(r, 25),
                SloMet = Sql.Bool(r, 26),
                Source = r.GetString(27),
                ReportJson = Sql.Text(r, 28),
            });
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new CompassDatabaseException($"The deployment_outcomes row {id} is invalid: {ex.Message} Fix or delete the row.", ex);
        }
    }

    private static void Validate(DeploymentOutcome o)
    {
        if (o.LoadKind is not ("rate" or "concurrency" or "sweep"))
        {
            throw new ArgumentException($"LoadKind must be 'rate', 'concurrency' or 'sweep' (got '{o.LoadKind}').", nameof(o));
        }

        if (o.RequestRate is null && o.Concurrency is null)
        {
            throw new ArgumentException("An outcome needs its load: a RequestRate (open loop) or a Concurrency (closed loop).", nameof(o));
        }

        if (o.RequestRate is <= 0 || o.Concurrency is <= 0 || !(o.PromptTokens > 0) || !(o.OutputTokens > 0))
        {
            throw new ArgumentException("The request rate, concurrency and mean prompt and output lengths of an outcome must be positive.", nameof(o));
        }
    }
}
