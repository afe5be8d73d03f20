" baocao: light highlighting of a report's structure (the server gives the real outline).
if exists('b:current_syntax') | finish | endif
syntax case ignore
syntax match baocaoPart    /^\s*\**\s*ph\%(ầ\|Ầ\)n\s\+th\%(ứ\|Ứ\)\s.*$/
syntax match baocaoGroup   /^\s*\**\s*[A-ĐA-Z][.-]\s.*$/
syntax match baocaoRoman   /^\s*\**\s*[IVX]\+[.-]\s.*$/
syntax match baocaoNumber  /^\s*\**\s*\d\+\%([.]\d\+\)*[.)-]\s/
syntax match baocaoLetter  /^\s*\**\s*[a-zđ][)]\s/
syntax match baocaoComment /<!--.\{-}-->/
syntax match baocaoPercent /\d\+\%([.,]\d\+\)*\s*%/
syntax case match
highlight default link baocaoPart Title
highlight default link baocaoGroup Title
highlight default link baocaoRoman Statement
highlight default link baocaoNumber Identifier
highlight default link baocaoLetter Identifier
highlight default link baocaoComment Comment
highlight default link baocaoPercent Number
let b:current_syntax = 'baocao'
