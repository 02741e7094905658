using Compass.Core;

namespace Compass.Planning.Ranking;

/// <summary>
/// How much each ranking dimension weighs for a priority: accuracy and cost 3/5/7 and latency 1/2/3 for
/// low/medium/high, operational simplicity a fixed 2 (upstream redhat-et/compass priority_weights.json). Latency
/// weighs less because the SLOs already enforce it; this only orders options that all meet them.
/// </summary>
internal static class PriorityWeights
{
    /// <summary>Gets the accuracy weight.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The weight.</returns>
    public static double Accuracy(Priority priority) => priority switch { Priority.Low => 3, Priority.High => 7, _ => 5 };

    /// <summary>Gets the cost weight.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The weight.</returns>
    public static double Cost(Priority priority) => priority switch { Priority.Low => 3, Priority.High => 7, _ => 5 };

    /// <summary>Gets the latency weight.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The weight.</returns>
    public static double Latency(Priority priority) => priority switch { Priority.Low => 1, Priority.High => 3, _ => 2 };

    /// <summary>Gets the simplicity weight.</summary>
    public static double Complexity => 2;
}
