using System.CommandLine;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>The <c>--scratch</c> option of the checkpoint commands: an existing directory for temporary files.</summary>
internal static class ScratchOption
{
    /// <summary>Creates the option.</summary>
    /// <param name="description">What goes there.</param>
    /// <param name="room">How much room it needs, for the error when the directory does not exist.</param>
    /// <returns>The option, defaulting to the system temp directory.</returns>
    public static Option<string> Create(string description, string room)
    {
        var scratch = new Option<string>("--scratch")
        {
            Description = description + " Default: the system temp directory.",
            DefaultValueFactory = _ => Path.GetTempPath(),
        };
        scratch.Validators.Add(r =>
        {
            string path = r.GetValueOrDefault<string>();
            if (!Directory.Exists(path))
            {
                r.AddError($"--scratch '{Path.GetFullPath(path)}' does not exist. Give an existing directory with room for {room}.");
            }
        });
        return scratch;
    }
}
