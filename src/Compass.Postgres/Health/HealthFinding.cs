namespace Compass.Postgres.Health;

/// <summary>One problem in the knowledge base's data.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Category">What kind of problem, one of <see cref="HealthCategories"/>.</param>
/// <param name="Subject">What it concerns, e.g. a model id, a GPU class or a benchmark run.</param>
/// <param name="Message">What is wrong and how to fix it, in the library's terms.</param>
public sealed record HealthFinding(HealthSeverity Severity, string Category, string Subject, string Message)
{
    /// <summary>Gets the operations that fix it, in the order the message gives them, so that hosts can name their own way of doing each (the CLI names commands).</summary>
    public IReadOnlyList<KnowledgeRemedy> Remedies { get; init; } = [];
}
