using NeuroThermo.Reports;

namespace NeuroThermo.Tests.Reports;

/// <summary>
/// Every PNG here is decoded by png_decode.py (see <see cref="PythonPngDecoder"/>), which checks
/// the chunk structure and CRCs itself and returns the raw pixel bytes for comparison.
/// </summary>
public sealed class PngEncoderTests
{
    private const int ColourTypeGray = 0;
    private const int ColourTypeRgb = 2;
    private const int Seed = 20240611;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Encode_Grayscale_IndependentDecoderRecoversPixels()
    {
        const int Width = 7, Height = 5;
        // Multiples of 37 mod 256 give irregular, distinct levels; the ends are set to the extremes.
        byte[] pixels = Enumerable.Range(0, Width * Height).Select(i => (byte)(i * 37 % 256)).ToArray();
        pixels[0] = 0;
        pixels[^1] = 255;

        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(new GrayImage(Width, Height, pixels)));

        Assert.Equal((Width, Height, 8, ColourTypeGray), (decoded.Width, decoded.Height, decoded.BitDepth, decoded.ColourType));
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.Chunks);
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Encode_Rgb_IndependentDecoderRecoversPixels()
    {
        const int Width = 6, Height = 4;
        byte[] pixels = RandomBytes(Width * Height * 3, Seed);

        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(new RgbImage(Width, Height, pixels)));

        Assert.Equal((Width, Height, 8, ColourTypeRgb), (decoded.Width, decoded.Height, decoded.BitDepth, decoded.ColourType));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Encode_LargeNoisyImage_SurvivesMultiBlockDeflate()
    {
        // Incompressible noise well beyond one 64 KiB deflate block and the zlib window.
        const int Width = 301, Height = 257;
        byte[] pixels = RandomBytes(Width * Height * 3, Seed + 1);

        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(new RgbImage(Width, Height, pixels)));

        Assert.Equal((Width, Height), (decoded.Width, decoded.Height));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Encode_GrayGrid_IndependentDecoderSeesTilesAndPadding()
    {
        const int TileWidth = 3, TileHeight = 2, Count = 5, Columns = 2, Padding = 1;
        const byte PaddingValue = 200;
        // Tile t holds 10 t + its pixel index, so every byte says where it came from.
        var tiles = Enumerable.Range(0, Count)
            .Select(t => new GrayImage(TileWidth, TileHeight,
                Enumerable.Range(0, TileWidth * TileHeight).Select(i => (byte)(10 * t + i)).ToArray()))
            .ToList();

        var grid = ImageGrid.Tile(tiles, Columns, Padding, PaddingValue);
        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(grid));

        // 2 columns, 3 rows: 2·3 + 3·1 = 9 wide, 3·2 + 4·1 = 10 high.
        Assert.Equal((9, 10), (decoded.Width, decoded.Height));
        Assert.Equal(ExpectedGrid(decoded.Width, decoded.Height, TileWidth, TileHeight, Count, Columns, Padding, PaddingValue), decoded.Pixels);
    }

    [Fact]
    public void Encode_RgbGrid_IndependentDecoderSeesTilesAndPaddingColour()
    {
        const int TileSide = 4, Count = 3, Columns = 3, Padding = 2;
        var paddingColour = new Rgb(10, 20, 30);
        var tiles = Enumerable.Range(0, Count)
            .Select(t => new RgbImage(TileSide, TileSide, RandomBytes(TileSide * TileSide * 3, Seed + 10 + t)))
            .ToList();

        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(ImageGrid.Tile(tiles, Columns, Padding, paddingColour)));

        Assert.Equal((3 * TileSide + 4 * Padding, TileSide + 2 * Padding), (decoded.Width, decoded.Height));
        for (int y = 0; y < decoded.Height; y++)
            for (int x = 0; x < decoded.Width; x++)
            {
                int cellX = (x - Padding) % (TileSide + Padding), cellY = y - Padding;
                int tile = (x - Padding) / (TileSide + Padding);
                bool inTile = x >= Padding && cellX < TileSide && cellY >= 0 && cellY < TileSide;
                var expected = inTile ? tiles[tile][cellX, cellY] : paddingColour;
                int i = 3 * (y * decoded.Width + x);
                Assert.Equal(expected, new Rgb(decoded.Pixels[i], decoded.Pixels[i + 1], decoded.Pixels[i + 2]));
            }
    }

    [Fact]
    public void Encode_UpscaledRgb_IndependentDecoderSeesBlocks()
    {
        const int Width = 3, Height = 2, Factor = 4;
        var source = new RgbImage(Width, Height, RandomBytes(Width * Height * 3, Seed + 2));

        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(source.Upscale(Factor)));

        Assert.Equal((Width * Factor, Height * Factor), (decoded.Width, decoded.Height));
        for (int y = 0; y < decoded.Height; y++)
            for (int x = 0; x < decoded.Width; x++)
            {
                int i = 3 * (y * decoded.Width + x);
                Assert.Equal(source[x / Factor, y / Factor], new Rgb(decoded.Pixels[i], decoded.Pixels[i + 1], decoded.Pixels[i + 2]));
            }
    }

    [Fact]
    public void Encode_UpscaledGray_IndependentDecoderSeesBlocks()
    {
        const int Width = 2, Height = 3, Factor = 3;
        var source = new GrayImage(Width, Height, [0, 50, 100, 150, 200, 255]);

        var decoded = PythonPngDecoder.Decode(PngEncoder.Encode(source.Upscale(Factor)));

        Assert.Equal((Width * Factor, Height * Factor), (decoded.Width, decoded.Height));
        for (int y = 0; y < decoded.Height; y++)
            for (int x = 0; x < decoded.Width; x++)
                Assert.Equal(source[x / Factor, y / Factor], decoded.Pixels[y * decoded.Width + x]);
    }

    [Fact]
    public void Encode_StartsWithSignatureAndEndsWithIend()
    {
        byte[] png = PngEncoder.Encode(new GrayImage(1, 1, [128]));

        Assert.Equal(PngSignature, png[..8]);
        // Last 12 bytes: zero length, "IEND", CRC of "IEND".
        Assert.Equal([0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82], png[^12..]);
    }

    [Fact]
    public void Write_CreatesFileTheDecoderAccepts()
    {
        string directory = Directory.CreateTempSubdirectory("neurothermo-png-").FullName;
        try
        {
            string path = Path.Combine(directory, "sample.png");
            byte[] pixels = RandomBytes(8 * 8, Seed + 3);

            PngEncoder.Write(path, new GrayImage(8, 8, pixels));

            Assert.Equal(pixels, PythonPngDecoder.DecodeFile(path).Pixels);
            Assert.Equal(["sample.png"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The grid written out pixel by pixel from its definition, independently of PixelLayout.</summary>
    private static byte[] ExpectedGrid(int width, int height, int tileWidth, int tileHeight, int count, int columns, int padding, byte paddingValue)
    {
        var expected = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int column = (x - padding) / (tileWidth + padding), cellX = (x - padding) % (tileWidth + padding);
                int row = (y - padding) / (tileHeight + padding), cellY = (y - padding) % (tileHeight + padding);
                int tile = row * columns + column;
                bool inTile = x >= padding && y >= padding && cellX < tileWidth && cellY < tileHeight && tile < count;
                expected[y * width + x] = inTile ? (byte)(10 * tile + cellY * tileWidth + cellX) : paddingValue;
            }
        return expected;
    }
}
