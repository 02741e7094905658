namespace Compass.Postgres;

/// <summary>
/// An operation of this package that fixes what a message or health finding describes. Messages say it in the
/// library's terms; a host renders it in its own (a command line names the command to run, a web host its route).
/// </summary>
public enum KnowledgeAction
{
    /// <summary>Create or upgrade the schema and seed the shipped catalog: <see cref="CompassDatabase.MigrateAsync"/>, then <see cref="Knowledge.KnowledgeSeeder.SeedAsync"/>.</summary>
    Initialize,

    /// <summary>Check that the server runs and that <see cref="CompassPostgresOptions.ConnectionString"/> names it.</summary>
    CheckConnection,

    /// <summary>Import benchmark runs with <see cref="Imports.BenchmarkImporter"/>, of <see cref="KnowledgeRemedy.Model"/> or on <see cref="KnowledgeRemedy.Gpu"/> when given.</summary>
    ImportBenchmarks,

    /// <summary>Import GPU prices with <see cref="Imports.BenchmarkImporter"/> (the <see cref="Imports.ImportFormat.PricesCsv"/> layout).</summary>
    ImportPrices,

    /// <summary>Validate deployments on <see cref="KnowledgeRemedy.Gpu"/> and store their outcomes (<see cref="Feedback.OutcomeStore.AddAsync"/>).</summary>
    RecordOutcomes,

    /// <summary>Refit the coefficients of <see cref="KnowledgeRemedy.Gpu"/> from stored outcomes (<see cref="Calibration.OutcomeCalibrationService.CalibrateAsync"/>).</summary>
    Calibrate,

    /// <summary>Save the plan first (<see cref="Feedback.PlanStore.SaveAsync"/>).</summary>
    SavePlan,
}

/// <summary>What fixes a problem: an operation, and the model or GPU class it applies to.</summary>
/// <param name="Action">The operation.</param>
/// <param name="Model">The model it concerns, when one.</param>
/// <param name="Gpu">The GPU class it concerns, when one.</param>
public sealed record KnowledgeRemedy(KnowledgeAction Action, string? Model = null, string? Gpu = null);
