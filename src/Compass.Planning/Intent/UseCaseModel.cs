using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// A multinomial logistic-regression model over <see cref="UseCaseFeatures"/> that gives each use case a probability.
/// It is trained by <see cref="UseCaseModelTrainer"/> on the labelled development corpus in the repository
/// (tests/data/intents) and shipped as an embedded resource; the rules in <see cref="UseCaseClassifier"/> still decide
/// when a description names its use case outright.
/// </summary>
internal sealed class UseCaseModel
{
    /// <summary>How much earlier user turns count next to the latest message.</summary>
    public const double EarlierWeight = 0.5;

    private const string ResourceName = "Compass.Planning.Intent.use-case-model.tsv";
    private static readonly Lazy<UseCaseModel> EmbeddedModel = new(ReadEmbedded);
    private readonly Dictionary<string, float[]> _weights;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="labels">The use cases, in the order of each feature's weights.</param>
    /// <param name="weights">Each feature's weight for every label.</param>
    public UseCaseModel(IReadOnlyList<UseCase> labels, IReadOnlyDictionary<string, float[]> weights)
    {
        Labels = [.. labels];
        _weights = new Dictionary<string, float[]>(weights, StringComparer.Ordinal);
    }

    /// <summary>The model shipped with Compass.</summary>
    public static UseCaseModel Embedded => EmbeddedModel.Value;

    /// <summary>The use cases the model tells apart, in weight order.</summary>
    public IReadOnlyList<UseCase> Labels { get; }

    /// <summary>The features with a weight.</summary>
    public IReadOnlyDictionary<string, float[]> Weights => _weights;

    /// <summary>Each use case's probability for a message and the user's earlier messages.</summary>
    /// <param name="text">The latest message.</param>
    /// <param name="earlier">Earlier user messages.</param>
    /// <returns>The probabilities, summing to 1.</returns>
    public Dictionary<UseCase, double> Probabilities(string text, IEnumerable<string> earlier)
        => Probabilities(UseCaseFeatures.Of(text, earlier, EarlierWeight));

    /// <summary>Each use case's probability for already extracted features.</summary>
    /// <param name="features">Unit-length features.</param>
    /// <returns>The probabilities, summing to 1.</returns>
    public Dictionary<UseCase, double> Probabilities(IReadOnlyDictionary<string, double> features)
    {
        var scores = new double[Labels.Count];
        foreach (var (feature, value) in features)
        {
            if (_weights.TryGetValue(feature, out var row))
            {
                for (var i = 0; i < row.Length; i++)
                {
                    scores[i] += row[i] * value;
                }
            }
        }

        var softmax = Softmax(scores);
        var result = new Dictionary<UseCase, double>(Labels.Count);
        for (var i = 0; i < Labels.Count; i++)
        {
            result[Labels[i]] = softmax[i];
        }

        return result;
    }

    /// <summary>The softmax of scores, computed stably.</summary>
    /// <param name="scores">Raw scores.</param>
    /// <returns>Probabilities.</returns>
    public static double[] Softmax(double[] scores)
    {
        var max = scores.Max();
        var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => e / sum)];
    }

    /// <summary>
    /// Writes the model as tab-separated text: a header of labels, then one feature per line followed by its non-zero
    /// weights as <c>label-index:weight</c>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    public void Write(TextWriter writer)
    {
        writer.Write("labels");
        foreach (var label in Labels)
        {
            writer.Write('\t');
            writer.Write(label.Value);
        }

        writer.Write('\n');
        foreach (var (feature, row) in _weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            writer.Write(feature);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] != 0)
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"\t{i}:{row[i]:0.###}"));
                }
            }

            writer.Write('\n');
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/>.</summary>
    /// <param name="reader">What to read.</param>
    /// <returns>The model.</returns>
    public static UseCaseModel Read(TextReader reader)
    {
        // Read by hand, line by line over spans: the shipped model has some twelve thousand features, and this runs in
        // every process that reads a description, where start-up time counts (docs/performance.md).
        var text = reader.ReadToEnd().AsSpan();
        var headerEnd = text.IndexOf('\n');
        if (headerEnd <= 0)
        {
            throw new InvalidDataException("The use-case model is empty.");
        }

        var labels = new List<UseCase>();
        foreach (var range in text[..headerEnd].Split('\t'))
        {
            if (range.Start.Value > 0)
            {
                labels.Add(new UseCase(text[..headerEnd][range].ToString()));
            }
        }

        var weights = new Dictionary<string, float[]>(text.Count('\n'), StringComparer.Ordinal);
        foreach (var lineRange in text[(headerEnd + 1)..].Split('\n'))
        {
            var line = text[(headerEnd + 1)..][lineRange];
            if (line.IsEmpty)
            {
                continue;
            }

            var tab = line.IndexOf('\t');
            var feature = (tab < 0 ? line : line[..tab]).ToString();
            var row = new float[labels.Count];
            if (tab >= 0)
            {
                foreach (var cellRange in line[(tab + 1)..].Split('\t'))
                {
                    var cell = line[(tab + 1)..][cellRange];
                    var colon = cell.IndexOf(':');
                    if (colon < 0 || !int.TryParse(cell[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var label) || label >= labels.Count
                        || !float.TryParse(cell[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                    {
                        throw new InvalidDataException($"The use-case model's weight '{cell}' for '{feature}' is not label-index:weight with an index below {labels.Count}.");
                    }

                    row[label] = weight;
                }
            }

            weights[feature] = row;
        }

        return new UseCaseModel(labels, weights);
    }

    private static UseCaseModel ReadEmbedded()
    {
        using var stream = typeof(UseCaseModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from Compass.Planning.");
        using var reader = new StreamReader(stream);
        return Read(reader);
    }
}
