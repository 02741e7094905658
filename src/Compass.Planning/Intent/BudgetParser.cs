using System.Globalization;
using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Reads a spending limit ("no more than $4,000 per month", "under $4k/month", "budget of $50k per year",
/// "$10 an hour", "4000 USD a month") as USD per month, and how the hardware is paid for ("on-prem", "buy").
/// </summary>
internal static partial class BudgetParser
{
    private const double HoursPerMonth = 730;

    [GeneratedRegex(@"(?:(?:\$|usd\s?|us\$)\s?(?<amount>" + NumberParser.DigitsPattern + @")\s?(?<suffix>k|m|thousand|million)?|(?<amount2>" + NumberParser.DigitsPattern + @")\s?(?<suffix2>k|m|thousand|million)?\s?(?:usd|dollars|\$))(?:\s?(?:/|per|a|an|each|every)\s?(?<period>month|mo|year|yr|annum|week|wk|day|hour|hr|h)\b|\s?(?<adverb>monthly|annually|yearly|weekly|daily|hourly)\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    // A bare number ("budget of 50k a year") counts only right after a budget word and with a period.
    [GeneratedRegex(@"\b(?:budget|spend|spending|afford|cap(?:ped)?|limit)\b[^.;\d$]{0,20}?(?<![\w.,])(?<amount>" + NumberParser.DigitsPattern + @")\s?(?<suffix>k|m|thousand|million)?\s?(?:/|per|a|an|each|every)\s?(?<period>month|mo|year|yr|annum|week|wk|day|hour|hr|h)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareAmount();

    [GeneratedRegex(@"\b(?:budget|spend|spending|cost|costs|pay|afford|max(?:imum)?|no more than|not more than|under|below|less than|up to|at most|within|cap(?:ped)?|limit)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BudgetWord();

    [GeneratedRegex(@"\b(?:on[\s-]?prem(?:ise|ises)?|on our own (?:gpus|hardware|servers|cluster)|our own (?:gpus|hardware|servers|cluster|data ?cent(?:er|re))|(?:existing|in-house) (?:gpus|cluster|hardware|servers)|we (?:already )?(?:have|own) (?:\d+\s)?(?:[a-z0-9-]+\s)?(?:gpus|servers|nodes|cards)|self[\s-]hosted on our)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Owned();

    [GeneratedRegex(@"\b(?:buy|buying|purchase|purchasing|capex|capital expenditure)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Purchase();

    /// <summary>Finds a monthly budget in USD.</summary>
    public static (double MonthlyUsd, string? Note)? FindBudget(string text)
    {
        foreach (Match m in Amount().Matches(text))
        {
            var digits = m.Groups["amount"].Success ? m.Groups["amount"].Value : m.Groups["amount2"].Value;
            var suffix = m.Groups["suffix"].Success ? m.Groups["suffix"].Value : m.Groups["suffix2"].Value;
            if (NumberParser.ParseDigits(digits, suffix) is not { } amount || amount <= 0)
            {
                continue;
            }

            var period = (m.Groups["period"].Success ? m.Groups["period"].Value : m.Groups["adverb"].Value).ToLowerInvariant();
            var before = text[Math.Max(0, m.Index - 40)..m.Index];
            if (period.Length == 0 && !BudgetWord().IsMatch(before))
            {
                continue;
            }

            var note = period.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $"A budget of ${amount:N0} with no period is taken as per month.")
                : null;
            return (ToMonthly(amount, period), note);
        }

        if (BareAmount().Match(text) is { Success: true } bare && NumberParser.ParseDigits(bare.Groups["amount"].Value, bare.Groups["suffix"].Value) is { } value && value > 0)
        {
            return (ToMonthly(value, bare.Groups["period"].Value.ToLowerInvariant()), null);
        }

        return null;
    }

    private static double ToMonthly(double amount, string period) => period switch
    {
        "year" or "yr" or "annum" or "annually" or "yearly" => amount / 12,
        "week" or "wk" or "weekly" => amount * 52 / 12,
        "day" or "daily" => amount * 365 / 12,
        "hour" or "hr" or "h" or "hourly" => amount * HoursPerMonth,
        _ => amount,
    };

    /// <summary>Finds how the hardware is paid for, when stated.</summary>
    public static DeploymentModel? FindDeploymentModel(string text)
        => Owned().IsMatch(text) ? DeploymentModel.Owned : Purchase().IsMatch(text) ? DeploymentModel.Purchase : null;
}
