using System.Buffers.Binary;
using System.Globalization;
using HyperFlow.Connectors.Files.Tests.Sink;

namespace HyperFlow.Connectors.Files.Tests;

/// <summary>
/// The entry point of the test assembly, run as a child process by <see cref="FileSinkCrashTests"/>:
/// <c>dotnet HyperFlow.Connectors.Files.Tests.dll crash-sink &lt;checkpoint file&gt; &lt;output directory&gt;</c>
/// runs a checkpointed file sink until it is killed. It restores from the checkpoint file if there is one
/// (a source position and the sink's state, written atomically), writes consecutive records, and every
/// <see cref="RecordsPerCheckpoint"/> records takes a checkpoint: prepares, stores the checkpoint file
/// (temp, fsync, rename), prints <c>checkpoint {id} {position}</c>, then commits. With
/// <c>plain-sink &lt;output directory&gt;</c> it writes through a sink without checkpoints instead.
/// </summary>
public static class CrashChild
{
    public const int RecordsPerCheckpoint = 5_000;
    public const int MaxCheckpoints = 100_000;
    public const string Command = "crash-sink";
    public const string PlainCommand = "plain-sink";
    public const int RecordsPerPart = 1_500;

    /// <summary>The sink both processes use: small parts, so kills land in every phase of a part's life.</summary>
    public static FileSink<long> Sink(string directory) =>
        new(new FileSinkOptions(directory) { MaxPartRecords = RecordsPerPart, BufferBytes = 4096 }, static v => v.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a checkpoint file: the checkpoint id, the source position, the sink's state.</summary>
    public static (long Id, long Position, byte[] State) ReadCheckpoint(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return (BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)), bytes[16..]);
    }

    public static int Main(string[] args)
    {
        if (args is [PlainCommand, string output])
        {
            return RunPlain(output);
        }

        if (args is not [Command, string checkpointFile, string directory])
        {
            Console.Error.WriteLine($"usage: HyperFlow.Connectors.Files.Tests {Command} <checkpoint file> <output directory> | {PlainCommand} <output directory>");
            return 2;
        }

        (long id, long position, byte[] state) = File.Exists(checkpointFile) ? ReadCheckpoint(checkpointFile) : (0, 0, []);
        ICheckpointedSinkWriter<long> writer = Sink(directory).CreateCheckpointedWriter(0, 1, state.Length == 0 ? [] : [state]);
        Console.WriteLine("ready");
        long[] batch = new long[100];
        for (int checkpoints = 0; checkpoints < MaxCheckpoints; checkpoints++)
        {
            for (int written = 0; written < RecordsPerCheckpoint; written += batch.Length)
            {
                for (int i = 0; i < batch.Length; i++)
                {
                    batch[i] = FileSinkModelTests.Record(0, position++);
                }

                writer.Write(batch);
            }

            byte[] sinkState = writer.PrepareCommit(++id);
            WriteCheckpoint(checkpointFile, id, position, sinkState);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint {id} {position}"));
            writer.Commit(id);
        }

        return 0;
    }

    /// <summary>Writes records 0, 1, 2... without checkpoints until killed (or a bound): parts become visible as they roll.</summary>
    private static int RunPlain(string directory)
    {
        ISinkWriter<long> writer = Sink(directory).CreateWriter(0, 1);
        Console.WriteLine("ready");
        long[] batch = new long[100];
        for (long position = 0; position < (long)MaxCheckpoints * RecordsPerCheckpoint;)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i] = FileSinkModelTests.Record(0, position++);
            }

            writer.Write(batch);
        }

        writer.Complete();
        return 0;
    }

    private static void WriteCheckpoint(string path, long id, long position, byte[] state)
    {
        byte[] bytes = new byte[16 + state.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, id);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), position);
        state.CopyTo(bytes, 16);
        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
