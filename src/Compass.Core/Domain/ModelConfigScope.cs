using System.Globalization;
using System.Text.Json;

namespace Compass.Core;

/// <summary>
/// One object of a Hugging Face <c>config.json</c> (the top level, <c>text_config</c>, <c>quantization_config</c>…)
/// with typed readers. A field that is absent or JSON <c>null</c> reads as <see langword="null"/> (Transformers treats
/// <c>null</c> as "use the default"); a field of the wrong type or out of range is a <see cref="FormatException"/>
/// whose one-line message names the field by its path, gives the value and says what it must be.
/// </summary>
/// <param name="Element">The JSON object.</param>
/// <param name="Prefix">The path of the object, ending in a dot (<c>text_config.</c>), or empty for the top level.</param>
internal readonly record struct ModelConfigScope(JsonElement Element, string Prefix)
{
    private const int MaxShownLength = 40;

    /// <summary>Reads an integer field, checked against its range.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The value and the path it was found at, or <see langword="null"/> when absent.</returns>
    public (int Value, string Path)? Integer(ModelConfigField field)
    {
        if (Find(field.Names) is not { } found)
        {
            return null;
        }

        var (path, value) = found;

        var raw = Shown(value);
        if (value.ValueKind != JsonValueKind.Number)
        {
            var hint = value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? "; write the number without quotes"
                : string.Empty;
            throw Error(path, $"must be a whole number ({field.Meaning}), but it is {Describe(value)}{hint}.");
        }

        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw Error(path, $"is {raw}, which is not a number Compass can read as {field.Meaning}; correct it in config.json.");
        }

        if (number != Math.Floor(number))
        {
            throw Error(path, $"is {raw}, but {field.Meaning} must be a whole number; correct it in config.json.");
        }

        if (number < field.Min || number > field.Max)
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"from {field.Min:N0} to {field.Max:N0}");
            var why = number > field.Max ? ", far beyond any released model" : string.Empty;
            throw Error(path, $"is {raw}, but {field.Meaning} must be {range}{why}; correct it in config.json.");
        }

        return ((int)number, path);
    }

    /// <summary>Reads a boolean field.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public bool? Flag(string name) => Find([name]) switch
    {
        null => null,
        { Value.ValueKind: JsonValueKind.True } => true,
        { Value.ValueKind: JsonValueKind.False } => false,
        { } found => throw Error(found.Path, $"must be true or false, but it is {Describe(found.Value)}."),
    };

    /// <summary>Reads a string field.</summary>
    /// <param name="names">The names it goes by.</param>
    /// <returns>The value and the path it was found at, or <see langword="null"/> when absent.</returns>
    public (string Value, string Path)? Text(params string[] names) => Find(names) switch
    {
        null => null,
        { Value.ValueKind: JsonValueKind.String } found => (found.Value.GetString()!, found.Path),
        { } found => throw Error(found.Path, $"must be a string, but it is {Describe(found.Value)}."),
    };

    /// <summary>Reads an object field as a scope of its own.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The scope, or <see langword="null"/> when absent.</returns>
    public ModelConfigScope? Object(string name) => Find([name]) switch
    {
        null => null,
        { Value.ValueKind: JsonValueKind.Object } found => new ModelConfigScope(found.Value, found.Path + "."),
        { } found => throw Error(found.Path, $"must be an object, but it is {Describe(found.Value)}."),
    };

    /// <summary>Gets the object's fields that are objects, each as a scope, refusing any that is not.</summary>
    /// <returns>The scopes, in document order.</returns>
    public IEnumerable<ModelConfigScope> Objects()
    {
        foreach (var property in Element.EnumerateObject())
        {
            var path = Prefix + Sanitize(property.Name);
            yield return property.Value.ValueKind == JsonValueKind.Object
                ? new ModelConfigScope(property.Value, path + ".")
                : throw Error(path, $"must be an object, but it is {Describe(property.Value)}.");
        }
    }

    /// <summary>Creates the error for a field, as one line.</summary>
    /// <param name="path">The field's path.</param>
    /// <param name="problem">What is wrong and how to fix it, completing "The model config's 'path' …".</param>
    /// <returns>The exception.</returns>
    public static FormatException Error(string path, string problem) => new($"The model config's '{path}' {problem}");

    /// <summary>Describes a JSON value for a message: its type, and a short form of it when it is a scalar.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The description.</returns>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"a string ({Shown(value)})",
        JsonValueKind.Number => $"the number {Shown(value)}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {Shown(value)}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    // The JSON text of a scalar, shortened; JSON text never holds a raw line break, so it stays on one line.
    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= MaxShownLength ? raw : raw[..MaxShownLength] + "…";
    }

    // Property names are the user's text: keep messages on one line and short.
    private static string Sanitize(string name)
    {
        var clean = string.Concat(name.Select(c => char.IsControl(c) ? '?' : c));
        return clean.Length <= MaxShownLength ? clean : clean[..MaxShownLength] + "…";
    }

    private Found? Find(string[] names)
    {
        foreach (var name in names)
        {
            if (Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return new Found(Prefix + name, value);
            }
        }

        return null;
    }

    private readonly record struct Found(string Path, JsonElement Value);
}
