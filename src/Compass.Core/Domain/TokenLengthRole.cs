namespace Compass.Core;

/// <summary>Whether a token-length distribution describes prompts or outputs (named distributions differ between the two).</summary>
public enum TokenLengthRole
{
    /// <summary>Prompt (input) lengths.</summary>
    Prompt,

    /// <summary>Output (generated) lengths.</summary>
    Output,
}
