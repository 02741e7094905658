using Compass.Core;
using MathNet.Numerics.Random;

namespace Compass.Planning.Intent;

/// <summary>
/// Trains a <see cref="UseCaseModel"/> by stochastic gradient descent on the cross-entropy with L2 regularization,
/// deterministically: the examples are shuffled by a fixed-seed generator and every sum runs in a fixed order, so the
/// same corpus always gives the same weights (a test retrains the shipped model and compares).
/// The shuffle uses the seeded generator the simulator uses (<see cref="Xoshiro256StarStar"/>).
/// </summary>
internal static class UseCaseModelTrainer
{
    /// <summary>One labelled description: its features and the use cases a careful reader would accept.</summary>
    /// <param name="Features">Unit-length features (<see cref="UseCaseFeatures.Of"/>).</param>
    /// <param name="Accepted">The accepted use cases; the target probability is split evenly between them.</param>
    public sealed record Example(IReadOnlyDictionary<string, double> Features, IReadOnlyList<UseCase> Accepted);

    /// <summary>How the model is trained.</summary>
    /// <param name="Epochs">Passes over the examples.</param>
    /// <param name="LearningRate">The first pass's step; pass <c>e</c> uses <c>rate / (1 + 0.2 e)</c>.</param>
    /// <param name="L2">The weight decay applied to the weights an example touches.</param>
    /// <param name="MinExamples">A feature must occur in at least this many examples to get a weight.</param>
    /// <param name="MinWeight">Weights smaller than this in magnitude are dropped from the trained model (they change
    /// almost no decision and would triple its size).</param>
    /// <param name="Seed">The shuffling seed.</param>
    public sealed record Options(int Epochs = 30, double LearningRate = 0.5, double L2 = 1e-3, int MinExamples = 3, double MinWeight = 0.05,
        int Seed = 20261204);

    /// <summary>The scenarios of a labelled set that expect a use case, as training examples.</summary>
    /// <param name="scenarios">The labelled scenarios.</param>
    /// <returns>One example per scenario with a <c>use_case</c> expectation.</returns>
    public static IEnumerable<Example> Examples(IntentScenarioSet scenarios)
        => from scenario in scenarios.Scenarios
           let expected = scenario.Expected.FirstOrDefault(e => e.Field == "use_case")
           where expected is not null
           let earlier = scenario.History.Where(t => string.Equals(t.Role, "user", StringComparison.OrdinalIgnoreCase)).Select(t => t.Content)
           select new Example(UseCaseFeatures.Of(scenario.UserMessage, earlier, UseCaseModel.EarlierWeight),
               [.. expected.Values.Select(v => new UseCase(v))]);

    /// <summary>Trains a model on the examples.</summary>
    /// <param name="examples">The labelled examples.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults.</param>
    /// <returns>The model, over the well-known use cases.</returns>
    public static UseCaseModel Train(IReadOnlyList<Example> examples, Options? options = null)
    {
        options ??= new Options();
        var labels = UseCase.WellKnown;
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            foreach (var feature in example.Features.Keys)
            {
                documentFrequency[feature] = documentFrequency.GetValueOrDefault(feature) + 1;
            }
        }

        var index = documentFrequency.Where(kv => kv.Value >= options.MinExamples).Select(kv => kv.Key)
            .Order(StringComparer.Ordinal).Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var rows = examples.Select(e => e.Features.Where(kv => index.ContainsKey(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Index: index[kv.Key], kv.Value)).ToArray()).ToArray();
        var targets = examples.Select(e => labels.Select(l => e.Accepted.Contains(l) ? 1.0 / e.Accepted.Count : 0).ToArray()).ToArray();
        var weights = new double[index.Count, labels.Count];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Xoshiro256StarStar(options.Seed, threadSafe: false);
        var scores = new double[labels.Count];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var step = options.LearningRate / (1 + (0.2 * epoch));
            foreach (var e in order)
            {
                Array.Clear(scores);
                foreach (var (f, v) in rows[e])
                {
                    for (var l = 0; l < scores.Length; l++)
                    {
                        scores[l] += weights[f, l] * v;
                    }
                }

                var p = UseCaseModel.Softmax(scores);
                for (var l = 0; l < scores.Length; l++)
                {
                    var gradient = p[l] - targets[e][l];
                    foreach (var (f, v) in rows[e])
                    {
                        weights[f, l] -= step * ((gradient * v) + (options.L2 * weights[f, l]));
                    }
                }
            }
        }

        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (feature, i) in index)
        {
            var row = new float[labels.Count];
            for (var l = 0; l < row.Length; l++)
            {
                var weight = Math.Round(weights[i, l], 3);
                row[l] = Math.Abs(weight) < options.MinWeight ? 0 : (float)weight;
            }

            if (row.Any(w => w != 0))
            {
                result[feature] = row;
            }
        }

        return new UseCaseModel(labels, result);
    }
}
