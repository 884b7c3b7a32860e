using System.Buffers;
using System.Text;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Connectors.Files;

/// <summary>
/// Commits pending parts: renames <c>.{name}.pending</c> to <c>{name}</c> and flushes the directory.
/// A committable is the part's committed name. Idempotent: a part already under its final name was
/// committed before a crash and is left alone.
/// </summary>
internal sealed class PartCommitter(string directory, int subtask) : ICommitter<string>
{
    public void Commit(IReadOnlyList<string> committables)
    {
        foreach (string finalName in committables)
        {
            string pending = Path.Combine(directory, PartFileNames.Pending(finalName));
            string final = Path.Combine(directory, finalName);

            // rename(2) is atomic: a part is either still pending or committed, never both or neither.
            if (File.Exists(pending))
            {
                File.Move(pending, final, overwrite: true);
            }
            else if (!File.Exists(final))
            {
                throw new IOException(
                    $"The file sink into '{directory}' (subtask {subtask}) cannot commit part '{finalName}' of a completed checkpoint: neither it nor "
                    + $"its pending file '{PartFileNames.Pending(finalName)}' exists, so its records are lost. Something else deleted or moved it (a "
                    + "cleanup job, or another sink writing into this directory). Restore the file, or restart the job from an earlier savepoint.");
            }
        }

        DirectorySync.Flush(directory);
    }

    public void Serialize(string committable, IBufferWriter<byte> output) => Encoding.UTF8.GetBytes(committable, output);

    public string Deserialize(ReadOnlySpan<byte> serialized)
    {
        string name = Encoding.UTF8.GetString(serialized);
        return PartFileNames.IsPlainFileName(name) ? name : throw new InvalidDataException(
            $"The file sink into '{directory}' (subtask {subtask}) restored a pending part named '{name}', which is not a part file name. "
            + "The checkpoint is corrupt or belongs to another sink; restore from another checkpoint.");
    }
}
