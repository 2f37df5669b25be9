#!/bin/sh
# Rebuilds the FLAC golden files from the deterministic inputs in test/formats/wfdb/flac/flacGoldenInput.ts.
# Run from the repository root: sh test/golden/flac/make-goldens.sh   (needs `flac`, Debian package flac 1.4.2)
set -e
out=test/golden/flac
tmp=$(mktemp -d)
npx tsx -e "require('./test/formats/wfdb/flac/flacGoldenInput.ts').writeGoldenRaw('$tmp')"
enc() { # name channels bps rate options...
  name=$1 ch=$2 bps=$3 rate=$4; shift 4
  flac -s -f --no-padding --no-seektable --force-raw-format --endian=little --sign=signed \
    --channels="$ch" --bps="$bps" --sample-rate="$rate" "$@" -o "$out/$name.flac" "$tmp/$name.raw"
}
enc mono8-fixed      1  8  250 -l 0 -b 192 -r 4
enc mono16-lpc       1 16  360 -8 -b 500 --lax
enc mono16-lpc32     1 16 1000 --lax -l 32 -b 1000 -e -p -r 8
enc stereo16-joint   2 16 44100 -8 -b 256 -m
enc tri24-rice2      3 24  500 -5 -b 100 --lax
enc stereo24-wasted  2 24  500 -5 -b 300 --lax
enc mono32           1 32  500 -5 -b 400 --lax
rm -r "$tmp"
