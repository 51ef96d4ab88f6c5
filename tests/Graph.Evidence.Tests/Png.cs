using System.IO.Compression;

namespace Graph.Evidence.Tests;

/// <summary>
/// Just enough PNG decoding to count inked pixels of a rendered page: 8-bit greyscale, RGB or RGBA,
/// non-interlaced, with the five scanline filters (what pdftoppm writes).
/// </summary>
internal static class Png
{
    public static (int Width, int Height, byte[] Gray) DecodeGray(byte[] png)
    {
        int pos = 8, width = 0, height = 0, colorType = 0, bitDepth = 0;
        using var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int length = (png[pos] << 24) | (png[pos + 1] << 16) | (png[pos + 2] << 8) | png[pos + 3];
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            if (type == "IHDR")
            {
                width = (png[pos + 8] << 24) | (png[pos + 9] << 16) | (png[pos + 10] << 8) | png[pos + 11];
                height = (png[pos + 12] << 24) | (png[pos + 13] << 16) | (png[pos + 14] << 8) | png[pos + 15];
                bitDepth = png[pos + 16];
                colorType = png[pos + 17];
                if (png[pos + 20] != 0) throw new NotSupportedException("interlaced PNG");
            }
            else if (type == "IDAT") idat.Write(png, pos + 8, length);
            else if (type == "IEND") break;
            pos += 12 + length;
        }
        if (bitDepth != 8) throw new NotSupportedException($"bit depth {bitDepth}");
        int channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"color type {colorType}") };
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var data = raw.ToArray();
        int stride = width * channels;
        var prev = new byte[stride];
        var line = new byte[stride];
        var gray = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            int off = y * (stride + 1);
            byte filter = data[off];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? line[x - channels] : 0, b = prev[x], c = x >= channels ? prev[x - channels] : 0;
                int v = data[off + 1 + x];
                line[x] = (byte)(filter switch
                {
                    0 => v,
                    1 => v + a,
                    2 => v + b,
                    3 => v + ((a + b) >> 1),
                    4 => v + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (int x = 0; x < width; x++)
                gray[y * width + x] = channels >= 3
                    ? (byte)((line[x * channels] * 299 + line[x * channels + 1] * 587 + line[x * channels + 2] * 114) / 1000)
                    : line[x * channels];
            (prev, line) = (line, prev);
        }
        return (width, height, gray);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
