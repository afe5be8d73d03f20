" baocao: a paragraph of a report is one long line; wrap it at word boundaries.
if exists('b:did_ftplugin') | finish | endif
let b:did_ftplugin = 1
setlocal wrap linebreak
setlocal commentstring=<!--\ %s\ -->
let b:undo_ftplugin = 'setlocal wrap< linebreak< commentstring<'
