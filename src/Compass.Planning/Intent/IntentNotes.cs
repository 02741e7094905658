namespace Compass.Planning.Intent;

/// <summary>
/// The notes extractors add when the text leaves a field to a default, in the library's terms: each goes with an
/// <see cref="Core.IntentHint"/> naming the field, which hosts render as their own way of setting it.
/// </summary>
public static class IntentNotes
{
    /// <summary>The text does not say what the model is for, so a conversational chatbot is assumed.</summary>
    public const string UseCaseAssumed = "The text does not say what the model is for; assumed a conversational chatbot. Say e.g. 'for code completion', or set the use case.";

    /// <summary>The text gives no load.</summary>
    public const string NoLoad = "The text gives no number of users or request rate; say e.g. 'for 500 users', or set the number of users.";

    /// <summary>The LLM guessed the use case.</summary>
    /// <param name="guess">The guess.</param>
    /// <returns>The note.</returns>
    public static string UseCaseGuessed(string guess)
        => $"The text does not say clearly what the model is for; the LLM's best guess is {guess}. Say e.g. 'for code completion', or set the use case.";
}
