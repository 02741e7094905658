using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;
using Compass.Postgres.Feedback;
using Compass.Postgres.Internal;
using Compass.Postgres.Knowledge;

namespace Compass.Postgres.Calibration;

/// <summary>
/// <c>compass calibrate</c>: refits a GPU class's engine coefficients to the measured outcomes stored in the knowledge
/// base (<see cref="OutcomeCalibrator"/>), reports the error on held-back outcomes before and after, and activates
/// the refit only when that error improved: the old active calibration is deactivated and the refit inserted as
/// active in one transaction, so later plans read it (their step-time evidence says "outcome refit on … measured outcomes").
/// A refit that does not improve is stored inactive, for the record. Thread-safe; concurrent refits of one GPU class
/// are serialized by an advisory lock, and at most one calibration per class is ever active.
/// </summary>
/// <remarks>
/// The service fits against the catalog it was given; a <see cref="Knowledge.PostgresKnowledgeBase"/> that cached
/// its snapshot before the refit sees the new coefficients after <see cref="Knowledge.PostgresKnowledgeBase.Invalidate"/>
/// (or when its snapshot expires).
/// </remarks>
public sealed class OutcomeCalibrationService
{
    private readonly CompassDatabase _database;
    private readonly KnowledgeCatalog _current;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    /// <param name="current">The knowledge base as planning reads it now (its models, GPUs and active calibrations).</param>
    /// <param name="time">The clock (the refit's date); the system clock when null.</param>
    public OutcomeCalibrationService(CompassDatabase database, KnowledgeCatalog current, TimeProvider? time = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _current = current ?? throw new ArgumentNullException(nameof(current));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Refits one GPU class.</summary>
    /// <param name="gpu">The GPU class.</param>
    /// <param name="request">The split, the improvement required and whether to write.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentException">The request is out of range.</exception>
    /// <exception cref="CompassDatabaseException">The GPU is not in the knowledge base, too few usable outcomes are stored (the message says how to record more), or the database cannot be reached.</exception>
    public async Task<CalibrationReport> CalibrateAsync(GpuType gpu, CalibrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        OutcomeCalibrationOptions options;
        try
        {
            options = new OutcomeCalibrationOptions
            {
                HoldBackFraction = request.HoldBackFraction,
                MinimumOutcomes = request.MinimumOutcomes,
                Seed = request.Seed,
                MinimumImprovement = request.MinimumImprovement,
            };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException(ex.Message, nameof(request), ex);
        }

        if (_current.GetGpu(gpu) is null)
        {
            throw new CompassDatabaseException($"GPU {gpu} is not in the knowledge base ({string.Join(", ", _current.Gpus.Select(g => g.Type))}). Give one of those, or add its record to the knowledge base's gpus table first.");
        }

        var stored = await new OutcomeStore(_database).ListAsync(gpu, cancellationToken).ConfigureAwait(false);
        var before = EngineProfiles.CoefficientsFor(_current, gpu);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        OutcomeCalibration fit;
        try
        {
            fit = OutcomeCalibrator.Calibrate(_current, before, [.. stored.Select(s => s.ToMeasuredOutcome())], today, options);
        }
        catch (ArgumentException ex) when (ex.ParamName == "outcomes")
        {
            var message = ex.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var cut and > 0 ? ex.Message[..cut] : ex.Message;
            throw new CompassDatabaseException(
                $"{message} The knowledge base {_database.Description} holds {stored.Count} outcome(s) of {gpu}. Record more by validating {gpu} deployments and storing their outcomes "
                + $"(each validation stores one; several deployments or loads make a better fit), then calibrate {gpu} again.",
                ex)
            {
                Remedy = new KnowledgeRemedy(KnowledgeAction.RecordOutcomes, Gpu: gpu.Value),
            };
        }

        var improvement = fit.Improved
            ? F($"the held-back error dropped from {fit.ErrorBefore * 100:0.0}% to {fit.ErrorAfter * 100:0.0}% on {fit.HeldBack.Length} outcome(s)")
            : F($"the held-back error did not drop by at least {options.MinimumImprovement * 100:0.#} percentage point(s) ({fit.ErrorBefore * 100:0.0}% → {fit.ErrorAfter * 100:0.0}% on {fit.HeldBack.Length} outcome(s))");
        var report = new CalibrationReport(gpu, fit.Training.Length, fit.HeldBack.Length, fit.ErrorBefore, fit.ErrorAfter, false, string.Empty, fit.Before, fit.After)
        {
            Skipped = fit.Skipped,
            TrainingErrorBefore = fit.TrainingErrorBefore,
            TrainingErrorAfter = fit.TrainingErrorAfter,
        };
        if (request.DryRun)
        {
            return report with { Reason = $"dry run, nothing written: {improvement}, so the refit {(fit.Improved ? "would be activated" : "would not be activated")}." };
        }

        var id = await StoreAsync(fit, cancellationToken).ConfigureAwait(false);
        return report with
        {
            Activated = fit.Improved,
            CalibrationId = id,
            Reason = fit.Improved
                ? $"activated: {improvement}; later plans use the refit."
                : $"not activated: {improvement}; the refit is stored inactive (calibration {id}) and planning keeps the current coefficients.",
        };
    }

    private async Task<long> StoreAsync(OutcomeCalibration fit, CancellationToken cancellationToken)
    {
        var gpu = fit.After.Gpu.Value;
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, transaction, "select pg_advisory_xact_lock(hashtext('compass.calibration.' || @gpu))", cancellationToken, ("gpu", gpu)).ConfigureAwait(false);
        if (fit.Improved)
        {
            await Sql.ExecuteAsync(connection, transaction, "update engine_calibrations set active = false where gpu = @gpu and active", cancellationToken, ("gpu", gpu)).ConfigureAwait(false);
        }

        var id = await Sql.ScalarAsync<long>(connection, transaction, """
            insert into engine_calibrations (gpu, coefficients, fitted_at, outcomes_used, outcomes_held_back, error_before, error_after, active, note)
            values (@gpu, @coefficients::jsonb, @at, @used, @held, @before, @after, @active, @note) returning id
            """, cancellationToken,
            ("gpu", gpu), ("coefficients", KnowledgeSeeder.Json(fit.After)), ("at", _time.GetUtcNow()), ("used", fit.Training.Length), ("held", fit.HeldBack.Length),
            ("before", fit.ErrorBefore), ("after", fit.ErrorAfter), ("active", fit.Improved),
            ("note", fit.Improved ? "outcome refit" : "outcome refit; not activated: the held-back error did not improve")).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
