namespace Compass.Simulator.Text;

/// <summary>Short canned answers per use-case family, repeated to the drawn length. Written for this project.</summary>
internal static class CannedAnswers
{
    public const string Lorem =
        "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat";

    public static string For(string useCase) => useCase switch
    {
        _ when useCase.StartsWith("code", StringComparison.OrdinalIgnoreCase) =>
            "def handle(request):\n    items = load(request.id)\n    total = sum(item.price for item in items)\n    return {\"id\": request.id, \"total\": total}\n",
        _ when useCase.StartsWith("summar", StringComparison.OrdinalIgnoreCase) || useCase.Contains("document", StringComparison.OrdinalIgnoreCase) =>
            "In summary, the document describes the current state, the main risks and the next steps. The key points are the timeline, the budget and who owns each action. ",
        _ when useCase.StartsWith("translation", StringComparison.OrdinalIgnoreCase) =>
            "Voici la traduction demandée. Le texte conserve le sens et le ton de l'original. ",
        _ when useCase.Contains("rag", StringComparison.OrdinalIgnoreCase) || useCase.Contains("research", StringComparison.OrdinalIgnoreCase) =>
            "According to the retrieved passages, the answer depends on the contract's renewal clause, which sets a ninety-day notice period. ",
        _ => "Thanks for reaching out! I can help with that. Could you tell me a little more about what you need, so I can point you to the right steps? ",
    };
}
