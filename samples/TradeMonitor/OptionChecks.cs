using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TradeMonitor;

/// <summary>
/// Range checks of numeric command-line options. A value that is not a number at all is left to the
/// parser, which reports it ("Cannot parse argument 'abc' for option '--events'...") with the usage:
/// reading such a value in a validator would throw instead.
/// </summary>
internal static class OptionChecks
{
    /// <summary>Adds a check of the option's value.</summary>
    /// <typeparam name="T">The option's numeric type.</typeparam>
    /// <param name="option">The option.</param>
    /// <param name="valid">Whether a value is allowed.</param>
    /// <param name="problem">The error for a value that is not: what is wrong and what is allowed.</param>
    public static void Require<T>(Option<T> option, Func<T, bool> valid, Func<T, string> problem)
        where T : IParsable<T>
        => option.Validators.Add(r =>
        {
            if (Parses<T>(r) && r.GetValueOrDefault<T>() is var value && !valid(value))
            {
                r.AddError(problem(value));
            }
        });

    /// <summary>Adds a check of an optional option's value, when it is given.</summary>
    /// <typeparam name="T">The option's numeric type.</typeparam>
    /// <param name="option">The option.</param>
    /// <param name="valid">Whether a value is allowed.</param>
    /// <param name="problem">The error for a value that is not: what is wrong and what is allowed.</param>
    public static void Require<T>(Option<T?> option, Func<T, bool> valid, Func<T, string> problem)
        where T : struct, IParsable<T>
        => option.Validators.Add(r =>
        {
            if (Parses<T>(r) && r.GetValueOrDefault<T?>() is { } value && !valid(value))
            {
                r.AddError(problem(value));
            }
        });

    private static bool Parses<T>(OptionResult result)
        where T : IParsable<T>
        => result.Tokens.All(static t => T.TryParse(t.Value, CultureInfo.InvariantCulture, out _));
}
