#!/bin/sh
# Regenerates the sample camera clips (see README.md in this folder). Needs ffmpeg with libx264 and
# libfreetype, and the DejaVu fonts (Debian: ffmpeg fonts-dejavu-core).
set -eu
cd "$(dirname "$0")"
FONT=${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf}

clip() { # clip FILE HUE LABEL
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=640x360:rate=25:duration=10" \
    -vf "hue=h=$2,drawbox=x=0:y=0:w=iw:h=56:color=black@0.6:t=fill,\
drawtext=fontfile=$FONT:text='$3':x=16:y=16:fontsize=24:fontcolor=white,\
drawtext=fontfile=$FONT:timecode='00\:00\:00\:00':rate=25:x=w-tw-16:y=16:fontsize=24:fontcolor=yellow" \
    -c:v libx264 -preset veryslow -profile:v main -pix_fmt yuv420p -crf 31 -g 25 -bf 0 \
    -movflags +frag_keyframe+empty_moov+default_base_moof -an -map_metadata -1 -fflags +bitexact -flags:v +bitexact "$1"
}

clip cam1.mp4 0 "CAM 1  Register overhead"
clip cam2.mp4 90 "CAM 2  Cash drawer"
clip cam3.mp4 180 "CAM 3  Front door"
clip cam4.mp4 270 "CAM 4  Aisle"
ls -l cam*.mp4
