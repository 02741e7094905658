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
    private readonly Lazy<Dictionary<string, float[]>> _weights;
    private readonly SortedModelText? _text;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="labels">The use cases, in the order of each feature's weights.</param>
    /// <param name="weights">Each feature's weight for every label.</param>
    public UseCaseModel(IReadOnlyList<UseCase> labels, IReadOnlyDictionary<string, float[]> weights)
    {
        Labels = [.. labels];
        var copy = new Dictionary<string, float[]>(weights, StringComparer.Ordinal);
        _weights = new Lazy<Dictionary<string, float[]>>(copy);
    }

    private UseCaseModel(SortedModelText text)
    {
        Labels = text.Labels;
        _text = text;
        _weights = new Lazy<Dictionary<string, float[]>>(() => Read(new StringReader(text.Text))._weights.Value);
    }

    /// <summary>The model shipped with Compass.</summary>
    public static UseCaseModel Embedded => EmbeddedModel.Value;

    /// <summary>The use cases the model tells apart, in weight order.</summary>
    public IReadOnlyList<UseCase> Labels { get; }

    /// <summary>The features with a weight.</summary>
    public IReadOnlyDictionary<string, float[]> Weights => _weights.Value;

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
            if (_text is null ? _weights.Value.TryGetValue(feature, out var row) : _text.TryGetRow(feature, out row))
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
        foreach (var (feature, row) in Weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
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
        var labels = ReadLabels(text, out var headerEnd);
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
            weights[feature] = ParseRow(line, tab, labels.Count);
        }

        return new UseCaseModel(labels, weights);
    }

    /// <summary>
    /// Indexes a model written by <see cref="Write"/> without reading its weights: a feature's line is found by binary
    /// search (the features are written in ordinal order, which this checks) and read when a message has that feature.
    /// </summary>
    /// <param name="text">The model's text.</param>
    /// <returns>The model.</returns>
    public static UseCaseModel Index(string text) => new(new SortedModelText(text));

    private static float[] ParseRow(ReadOnlySpan<char> line, int tab, int labelCount)
    {
        var row = new float[labelCount];
        if (tab < 0)
        {
            return row;
        }

        var cells = line[(tab + 1)..];
        foreach (var cellRange in cells.Split('\t'))
        {
            var cell = cells[cellRange];
            var colon = cell.IndexOf(':');
            if (colon < 0 || !int.TryParse(cell[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var label) || label >= labelCount
                || !float.TryParse(cell[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
            {
                throw new InvalidDataException($"The use-case model's weight '{cell}' for '{line[..tab]}' is not label-index:weight with an index below {labelCount}.");
            }

            row[label] = weight;
        }

        return row;
    }

    private static List<UseCase> ReadLabels(ReadOnlySpan<char> text, out int headerEnd)
    {
        headerEnd = text.IndexOf('\n');
        if (headerEnd <= 0)
        {
            throw new InvalidDataException("The use-case model is empty.");
        }

        var header = text[..headerEnd];
        var labels = new List<UseCase>();
        foreach (var range in header.Split('\t'))
        {
            if (range.Start.Value > 0)
            {
                labels.Add(new UseCase(header[range].ToString()));
            }
        }

        return labels;
    }

    private static UseCaseModel ReadEmbedded()
    {
        using var stream = typeof(UseCaseModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from Compass.Planning.");
        using var reader = new StreamReader(stream);
        return Index(reader.ReadToEnd());
    }

    /// <summary>A model's text with the start of every feature line, for lookups by binary search.</summary>
    private sealed class SortedModelText
    {
        private readonly int[] _lineStarts;

        public SortedModelText(string text)
        {
            Text = text;
            Labels = ReadLabels(text, out var headerEnd);
            var starts = new List<int>(text.Length / 40);
            for (var start = headerEnd + 1; start < text.Length;)
            {
                var end = text.IndexOf('\n', start);
                if (end < 0)
                {
                    end = text.Length;
                }

                if (end > start)
                {
                    starts.Add(start);
                }

                start = end + 1;
            }

            _lineStarts = [.. starts];
            for (var i = 1; i < _lineStarts.Length; i++)
            {
                if (Key(i - 1).SequenceCompareTo(Key(i)) >= 0)
                {
                    throw new InvalidDataException($"The use-case model's features are not in ordinal order: '{Key(i)}' follows '{Key(i - 1)}'.");
                }
            }
        }

        public string Text { get; }

        public List<UseCase> Labels { get; }

        public bool TryGetRow(string feature, out float[] row)
        {
            var (low, high) = (0, _lineStarts.Length - 1);
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var order = Key(middle).SequenceCompareTo(feature);
                if (order == 0)
                {
                    var line = Line(middle);
                    row = ParseRow(line, line.IndexOf('\t'), Labels.Count);
                    return true;
                }

                (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
            }

            row = [];
            return false;
        }

        private ReadOnlySpan<char> Line(int i)
        {
            var start = _lineStarts[i];
            var end = i + 1 < _lineStarts.Length ? _lineStarts[i + 1] : Text.Length;
            return Text.AsSpan(start, end - start).TrimEnd('\n');
        }

        private ReadOnlySpan<char> Key(int i)
        {
            var line = Line(i);
            var tab = line.IndexOf('\t');
            return tab < 0 ? line : line[..tab];
        }
    }
}
